import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { startCodeServer, type CodeServer, type CodeServerOptions } from "./code-server";
import { copyWorkspace } from "./copy-workspace";
import { repoPaths } from "./repo-paths";
import { openWorkbench, type Workbench } from "./workbench";

/** code-server running the built .vsix on a workspace, and Chromium on its workbench. */
export interface EditorSession {
  readonly server: CodeServer;
  readonly browser: Browser;
  readonly page: Page;
  readonly wb: Workbench;
  /** Closes the browser, then stops code-server. */
  close(): Promise<void>;
}

/** How long the extension host may take to register the extension on a busy 2-core machine. */
const REGISTERED_MS = 90_000;

/**
 * What most e2e files start in beforeAll: the editor with the extension, ready for input. Ready
 * means registered too: the Command Palette lists only the commands known when it opens, so a
 * test that opens it first thing could otherwise miss ours. The AgentArk view container in the
 * activity bar is the sign.
 */
export async function openEditorSession(
  opts: Omit<CodeServerOptions, "vsix">,
): Promise<EditorSession> {
  const server = await startCodeServer({ vsix: repoPaths.vsix, ...opts });
  try {
    const { browser, page, wb } = await openWorkbench(server.url);
    await page
      .locator('.activitybar .action-item a[aria-label^="AgentArk"]')
      .waitFor({ timeout: REGISTERED_MS })
      .catch(async (err: unknown) => {
        await browser.close();
        throw err;
      });
    return {
      server,
      browser,
      page,
      wb,
      close: async () => {
        await browser.close();
        await server.stop();
      },
    };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

/** An editor session on a throwaway copy of `samples/workspace`, for the tests of one `describe`. */
export interface SampleWorkspaceSession {
  /** The copy's folder: the workspace code-server opened. */
  readonly dir: string;
  readonly session: EditorSession;
}

/**
 * Registers the set-up most curation and config e2e files share: before their tests, copy
 * `samples/workspace`, let `prepare` write into the copy, open the editor on it; after them, close
 * the editor, run `cleanup` (for what a plain delete cannot remove) and delete the copy. The
 * object returned is filled in by the first `beforeAll`: read it in tests and later hooks.
 */
export function useSampleWorkspace(
  hooks: { prepare?(dir: string): Promise<void>; cleanup?(): Promise<void> | void } = {},
): SampleWorkspaceSession {
  let ws: Awaited<ReturnType<typeof copyWorkspace>> | undefined;
  let session: EditorSession | undefined;
  beforeAll(async () => {
    ws = await copyWorkspace(join(repoPaths.root, "samples", "workspace"));
    await hooks.prepare?.(ws.dir);
    session = await openEditorSession({ workspace: ws.dir });
  });
  afterAll(async () => {
    await session?.close();
    await hooks.cleanup?.();
    await ws?.remove();
  });
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the sample workspace's ${what} is not ready yet`);
    return value;
  };
  return {
    get dir() {
      return ready(ws, "copy").dir;
    },
    get session() {
      return ready(session, "editor session");
    },
  };
}
