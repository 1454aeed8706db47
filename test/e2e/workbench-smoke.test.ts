import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchBrowser } from "../harness/browser";
import { type CodeServer, startCodeServer } from "../harness/code-server";
import { copyWorkspace } from "../harness/copy-workspace";
import { repoPaths } from "../harness/repo-paths";
import { Workbench } from "../harness/workbench";

const configFile = "methods/llm_debate/configs/config_main.yaml";

describe("workbench in Chromium", () => {
  let ws: Awaited<ReturnType<typeof copyWorkspace>>;
  let server: CodeServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ws = await copyWorkspace(repoPaths.fixtureWorkspace);
    server = await startCodeServer({ workspace: ws.dir, vsix: repoPaths.vsix });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await ws?.remove();
  });

  it("opens a YAML config in the editor", async () => {
    const wb = new Workbench(page);
    await wb.waitForReady();
    await wb.openFile(configFile);
    expect(await wb.activeEditorText()).toContain("rounds_num: 2");
    await expect(wb.activeTab().locator(".label-name").textContent()).resolves.toBe(
      "config_main.yaml",
    );
  });
});
