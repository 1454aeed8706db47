import type { Browser, Page } from "playwright-core";
import { startCodeServer, type CodeServer, type CodeServerOptions } from "./code-server";
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
