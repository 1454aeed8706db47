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

/** What most e2e files start in beforeAll: the editor with the extension, ready for input. */
export async function openEditorSession(
  opts: Omit<CodeServerOptions, "vsix">,
): Promise<EditorSession> {
  const server = await startCodeServer({ vsix: repoPaths.vsix, ...opts });
  try {
    const { browser, page, wb } = await openWorkbench(server.url);
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
