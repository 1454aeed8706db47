import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchBrowser } from "../harness/browser";
import { serveWebviewPage, type PageGlobals, type WebviewPage } from "./webview-page";

/**
 * Record text is untrusted. Line 0 of this page is the XSS corpus (webview/src/host/
 * fake-records.ts XSS_CORPUS) in every field: query, answers, agent ids, steps, think blocks,
 * debate turns. Nothing may run, nothing may be fetched, and the CSP should never even have to
 * step in (the sanitizer removes it first).
 */
describe("curation webview with hostile records", () => {
  let served: WebviewPage;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const dialogs: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    served = await serveWebviewPage();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on("request", (r) => requests.push(r.url()));
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.addInitScript(() => {
      const w = window as unknown as { __violations: string[] };
      w.__violations = [];
      document.addEventListener("securitypolicyviolation", (e) => {
        w.__violations.push(`${e.violatedDirective}: ${e.blockedURI} ${e.sample}`);
      });
    });
    await page.goto(served.url({ count: 20, agents: 2, rounds: 2, steps: 3, xss: 0 }));
    await page.locator(".solution-card").first().waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it("renders the corpus as inert text", async () => {
    await page.keyboard.press("t"); // open think blocks
    await page.locator(".cell-btn").first().click(); // open a debate turn
    await page.locator(".think[open]").first().waitFor();
    await page.locator(".turn-panel").waitFor();
    await page.locator(".detail").hover();
    const found = await page.evaluate(() => {
      const root = document.querySelector("curation-app")!;
      return {
        scripts: root.querySelectorAll("script").length,
        handlers: [...root.querySelectorAll("*")].filter((el) =>
          [...el.attributes].some((a) => a.name.startsWith("on")),
        ).length,
        frames: root.querySelectorAll("iframe, object, embed, form, img, svg image").length,
        hrefs: root.querySelectorAll("[href], [src], [xlink\\:href], [action]").length,
        styleAttrs: [...root.querySelectorAll("[style]")].filter(
          (el) => !el.closest("record-list") && !el.classList.contains("score-fill"),
        ).length,
        queryText: root.querySelector(".query")?.textContent ?? "",
      };
    });
    expect(found.scripts).toBe(0);
    expect(found.handlers).toBe(0);
    expect(found.frames).toBe(0);
    expect(found.hrefs).toBe(0);
    expect(found.styleAttrs).toBe(0);
    // Shown, not swallowed: a reviewer must see what the model wrote.
    expect(found.queryText).toContain("<script>");
    expect(found.queryText).toContain("onerror");
  });

  it("runs nothing, fetches nothing, and trips no CSP rule", async () => {
    await page.keyboard.press("j");
    await page.keyboard.press("k");
    await page.locator(".solution-card").first().waitFor();
    const state = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: unknown }).__pwned,
      violations: (window as unknown as { __violations: string[] }).__violations,
    }));
    expect(state.pwned).toBeUndefined();
    expect(state.violations).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    const foreign = requests.filter((u) => !u.startsWith(served.origin));
    expect(foreign).toEqual([]);
  });

  it("hands http(s) links to the host instead of navigating", async () => {
    const link = page.locator('.query .record-link[data-href="https://example.com/safe"]');
    await link.click();
    expect(page.url().startsWith(served.origin)).toBe(true);
    const opened = await page.evaluate(() =>
      (window as unknown as PageGlobals).__fakeHost.received
        .filter((m) => m.type === "openLink")
        .map((m) => m.url),
    );
    expect(opened).toEqual(["https://example.com/safe"]);
    // javascript: links lose their target entirely.
    expect(await page.locator('[data-href^="javascript"]').count()).toBe(0);
  });
});
