import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchBrowser } from "../harness/browser";
import { waitFor } from "../harness/wait-for";
import { serveWebviewPage, type PageGlobals, type WebviewPage } from "./webview-page";

/** A million records: the list draws a window, the webview holds pages, never the file. */
describe("record list over 1,000,000 records", () => {
  let served: WebviewPage;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    served = await serveWebviewPage();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    await page.goto(served.url({ count: 1_000_000, agents: 2, rounds: 0, steps: 3 }));
    await page.locator(".solution-card").first().waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  const listNodes = () => page.evaluate(() => document.querySelectorAll("record-list *").length);
  const selectedLine = () => page.locator(".list-row.selected").getAttribute("data-line");

  it("jumps to the last record with End and back with Home", async () => {
    await page.keyboard.press("End");
    await waitFor(selectedLine, (l) => l === "999999");
    await waitFor(
      () => page.locator(".record").getAttribute("aria-label"),
      (t) => t === "Record on line 1000000",
    );
    expect(await listNodes()).toBeLessThan(400);
    await page.keyboard.press("k");
    await waitFor(selectedLine, (l) => l === "999998");
    await page.keyboard.press("Home");
    await waitFor(selectedLine, (l) => l === "0");
    expect(await listNodes()).toBeLessThan(400);
  });

  it("asks only for the pages in view", async () => {
    const pages = await page.evaluate(
      () =>
        (window as unknown as PageGlobals).__fakeHost.received.filter(
          (m) => m.type === "requestPage",
        ).length,
    );
    expect(pages).toBeLessThan(10);
  });
});
