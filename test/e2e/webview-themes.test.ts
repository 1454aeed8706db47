import { mkdirSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchBrowser } from "../harness/browser";
import { repoPaths } from "../harness/repo-paths";
import {
  applyTheme,
  serveWebviewPage,
  THEMES,
  type ThemeName,
  type WebviewPage,
} from "./webview-page";

/** Light, dark and high contrast: colours come from VS Code's variables, screenshots to bench/out. */
describe("curation webview themes", () => {
  let served: WebviewPage;
  let browser: Browser;
  let page: Page;
  const outDir = path.join(repoPaths.root, "bench/out");

  beforeAll(async () => {
    mkdirSync(outDir, { recursive: true });
    served = await serveWebviewPage();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(served.url({ count: 500, agents: 4, rounds: 3, steps: 6 }));
    await page.locator(".solution-card").first().waitFor();
    await page.keyboard.press("l");
    await page.keyboard.press("J");
    await page.keyboard.press("J");
  });

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  const colours = () =>
    page.evaluate(() => {
      const style = (sel: string) => getComputedStyle(document.querySelector(sel)!);
      const inShadow = (host: string, sel: string) =>
        getComputedStyle(document.querySelector(host)!.shadowRoot!.querySelector(sel)!);
      return {
        background: style("body").backgroundColor,
        text: style("body").color,
        selectedRow: style(".list-row.selected").backgroundColor,
        focusedCard: style(".solution-card.focused").outlineColor,
        // The filter bar's controls draw inside their shadow roots: what a person sees is there.
        search: inShadow("vscode-textfield.search", "input").backgroundColor,
        selectedVerdict: inShadow('vscode-button[aria-pressed="true"]', ".base").backgroundColor,
        otherVerdict: inShadow('vscode-button[aria-pressed="false"]', ".base").backgroundColor,
        selectedVerdictOutline: style('vscode-button[aria-pressed="true"]').outlineStyle,
      };
    });

  for (const name of Object.keys(THEMES) as ThemeName[]) {
    it(`renders the ${name} theme`, async () => {
      await page.evaluate(applyTheme, THEMES[name]);
      const c = await colours();
      const vars = THEMES[name].vars;
      const rgb = (hex: string) => {
        const n = parseInt(hex.slice(1, 7), 16);
        return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
      };
      expect(c.background).toBe(rgb(vars["--vscode-editor-background"]));
      expect(c.text).toBe(rgb(vars["--vscode-foreground"]));
      expect(c.focusedCard).toBe(rgb(vars["--vscode-focusBorder"]));
      expect(c.search).toBe(rgb(vars["--vscode-settings-textInputBackground"]));
      expect(c.selectedVerdict).toBe(rgb(vars["--vscode-button-background"]));
      expect(c.otherVerdict).toBe(rgb(vars["--vscode-button-secondaryBackground"]));
      // High contrast's buttons are all black: the chosen one is told apart by its border.
      expect(c.selectedVerdictOutline).toBe(name === "high-contrast" ? "solid" : "none");
      await page.evaluate(() => document.querySelector(".detail")!.scrollTo(0, 0));
      await page.screenshot({ path: path.join(outDir, `webview-${name}.png`) });
    });
  }

  for (const name of Object.keys(THEMES) as ThemeName[]) {
    it(`shows the stats view's charts in the ${name} theme's colours`, async () => {
      await page.evaluate(applyTheme, THEMES[name]);
      await page.keyboard.press("s");
      await page.locator(".stats .chart").first().waitFor();
      const charts = await page.locator(".stats figure.chart").evaluateAll((figures) =>
        figures.map((f) => ({
          label: f.getAttribute("aria-label"),
          ok: f.querySelector(".bar-ok")
            ? getComputedStyle(f.querySelector(".bar-ok")!).fill
            : null,
          bad: f.querySelector(".bar-bad")
            ? getComputedStyle(f.querySelector(".bar-bad")!).fill
            : null,
          text: f.querySelector("text") ? getComputedStyle(f.querySelector("text")!).fill : null,
        })),
      );
      const vars = THEMES[name].vars;
      const rgb = (hex: string) => {
        const n = parseInt(hex.slice(1, 7), 16);
        return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
      };
      expect(charts.map((c) => c.label)).toEqual(expect.arrayContaining(["PRM score histogram"]));
      const withBars = charts.filter((c) => c.ok !== null && c.bad !== null);
      // Accuracy per agent and per solution id, drawn in the theme's pass and fail colours.
      expect(withBars.length).toBeGreaterThanOrEqual(2);
      for (const c of withBars) {
        expect(c.ok).toBe(rgb(vars["--vscode-testing-iconPassed"]));
        expect(c.bad).toBe(rgb(vars["--vscode-testing-iconFailed"]));
      }
      for (const c of charts.filter((c) => c.text !== null))
        expect(c.text).toBe(rgb(vars["--vscode-foreground"]));
      await page.screenshot({ path: path.join(outDir, `webview-stats-${name}.png`) });
      await page.keyboard.press("s");
      await page.locator(".record").waitFor();
    });
  }
});
