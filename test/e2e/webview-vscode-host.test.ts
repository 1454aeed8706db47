import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchBrowser } from "../harness/browser";
import { waitFor } from "../harness/wait-for";
import { serveWebviewPage, type WebviewPage } from "./webview-page";

interface Stub {
  __posted: unknown[];
  __state: unknown;
}

/**
 * The production entry (webview/src/main.ts + host/vscode-host.ts) under the real CSP, with a
 * stub of VS Code's `acquireVsCodeApi`: it says `ready`, validates what the host posts, drops
 * what does not parse (and says so), and draws what does.
 */
describe("webview over the VS Code host API", () => {
  let served: WebviewPage;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    served = await serveWebviewPage("vscode");
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.addInitScript(() => {
      const w = window as unknown as Stub & { acquireVsCodeApi: () => unknown };
      w.__posted = [];
      let calls = 0;
      w.acquireVsCodeApi = () => {
        if (++calls > 1) throw new Error("acquireVsCodeApi called twice");
        return {
          postMessage: (m: unknown) => w.__posted.push(m),
          getState: () => w.__state,
          setState: (s: unknown) => {
            w.__state = s;
          },
        };
      };
    });
    await page.goto(served.url());
  });

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  const posted = () => page.evaluate(() => (window as unknown as Stub).__posted);
  const hostSends = (message: unknown) => page.evaluate((m) => window.postMessage(m, "*"), message);

  it("says ready once", async () => {
    await waitFor(posted, (p) => p.length > 0);
    expect(await posted()).toEqual([{ type: "ready" }]);
  });

  it("drops a message that does not match the protocol and reports it", async () => {
    await hostSends({ type: "init", fileName: 42 });
    await hostSends({ type: "rm -rf" });
    await waitFor(posted, (p) => p.length === 3);
    const logs = (await posted()).slice(1) as { type: string; level: string }[];
    expect(logs.map((l) => [l.type, l.level])).toEqual([
      ["log", "warn"],
      ["log", "warn"],
    ]);
    expect(await page.locator(".toolbar .file").textContent()).toBe("");
  });

  it("draws what the host sends and asks for what it needs", async () => {
    await hostSends({
      type: "init",
      fileName: "results/x.jsonl",
      settings: { stepSeparator: "\n\n", prmThreshold: 0, author: "me" },
      index: { recordCount: 3, bytesIndexed: 10, totalBytes: 30, done: false },
      readOnly: false,
    });
    await waitFor(
      () => page.locator(".toolbar .file").textContent(),
      (t) => t === "results/x.jsonl",
    );
    expect(await page.locator(".indexing").textContent()).toContain("33%");
    const query = await waitFor(
      async () => (await posted()).find((m) => (m as { type: string }).type === "query"),
      (m) => m !== undefined,
    );
    expect(query).toMatchObject({ type: "query", queryId: 1 });
    await hostSends({ type: "queryResult", queryId: 1, total: 3, complete: false });
    await waitFor(
      async () => (await posted()).find((m) => (m as { type: string }).type === "requestPage"),
      (m) => m !== undefined,
    );
    expect(errors).toEqual([]);
  });
});
