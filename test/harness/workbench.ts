import * as path from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { launchBrowser } from "./browser";
import { waitFor, type WaitForOptions } from "./wait-for";

export interface Problem {
  /** File name as the Problems panel shows it (the resource row above the marker). */
  file: string;
  message: string;
  source: string;
  code: string;
  line: number;
  column: number;
  severity: "error" | "warning" | "info" | "unknown";
}

const READY_MS = 90_000;
const UI_MS = 15_000;
/** One try at opening the palette and picking a command; runCommand tries again until UI_MS. */
const ATTEMPT_MS = 5_000;

/**
 * Drives the VS Code workbench in code-server through what a person uses: the command palette,
 * Quick Open, the keyboard and the visible widgets. Every wait is a locator wait or a predicate
 * with a timeout. Keyboard shortcuts that a browser may claim (Ctrl+P, Ctrl+G) are avoided: the
 * command palette (F1) reaches the same pickers.
 */
export class Workbench {
  constructor(readonly page: Page) {}

  /** Workbench rendered, status bar up, and the remote workspace listed in the Explorer. */
  async waitForReady(timeout = READY_MS): Promise<void> {
    await this.page.locator(".monaco-workbench .part.statusbar").waitFor({ timeout });
    await this.page.locator(".explorer-folders-view .monaco-list-row").first().waitFor({ timeout });
  }

  /** Opens the command palette with `prefix` typed (">" commands, "" files, ":" go to line). */
  async quickInput(value: string, timeout = UI_MS): Promise<Locator> {
    const widget = this.page.locator(".quick-input-widget");
    const input = widget.locator(".quick-input-box input");
    if (!(await widget.isVisible())) await this.page.keyboard.press("F1");
    await input.waitFor({ timeout });
    await input.fill(value, { timeout });
    return widget;
  }

  /**
   * Opens the palette with `value` typed and clicks the first row `row` finds. The palette closes
   * when it loses focus, and a webview that has just reloaded (after a revert, a save or a window
   * reload) can take focus moments after the palette opened, or swallow the F1; then the palette
   * is opened again, until UI_MS has passed. Nothing runs until a row is clicked.
   */
  async pick(value: string, row: (widget: Locator) => Locator): Promise<void> {
    const deadline = Date.now() + UI_MS;
    for (;;) {
      try {
        const widget = await this.quickInput(value, ATTEMPT_MS);
        await row(widget).first().click({ timeout: ATTEMPT_MS });
        return;
      } catch (err) {
        if (Date.now() >= deadline) throw err;
      }
    }
  }

  /**
   * Reloads the window from the palette and waits for the new page to be ready. The old page
   * stays live for a moment after the command runs, and would pass any check made on it.
   */
  async reloadWindow(): Promise<void> {
    const loaded = this.page.waitForEvent("load", { timeout: READY_MS });
    await this.runCommand("Developer: Reload Window");
    await loaded;
    await this.waitForReady();
  }

  /** Runs a command by the title shown in the palette, e.g. "View: Toggle Word Wrap". */
  async runCommand(title: string): Promise<void> {
    await this.pick(`>${title}`, (widget) =>
      widget
        .locator(".quick-input-list .monaco-list-row")
        .filter({ has: widget.page().locator(".label-name", { hasText: exactly(title) }) }),
    );
  }

  /** Opens a file by workspace-relative path through Quick Open and waits for its editor. */
  async openFile(relativePath: string): Promise<void> {
    const widget = await this.quickInput(relativePath);
    const dir = path.dirname(relativePath);
    const row = widget
      .locator(".quick-input-list .monaco-list-row")
      .filter({
        has: this.page.locator(".label-name", { hasText: exactly(path.basename(relativePath)) }),
      })
      .filter({
        has: this.page.locator(".label-description", { hasText: exactly(dir === "." ? "" : dir) }),
      });
    await row.first().click({ timeout: UI_MS });
    await this.activeTab(path.basename(relativePath)).waitFor({ timeout: UI_MS });
    await this.activeEditor.locator(".view-lines").waitFor({ timeout: UI_MS });
  }

  /** The active editor tab, optionally the one with this label. */
  activeTab(label?: string): Locator {
    const tab = this.page.locator(".editor-group-container.active .tab.active");
    return label
      ? tab.filter({ has: this.page.locator(".label-name", { hasText: exactly(label) }) })
      : tab;
  }

  get activeEditor(): Locator {
    return this.page
      .locator(".editor-group-container.active .editor-instance .monaco-editor")
      .first();
  }

  /** Moves the cursor of the active editor to 1-based line and column. */
  async goTo(line: number, column = 1): Promise<void> {
    await this.quickInput(`:${line}:${column}`);
    await this.page.keyboard.press("Enter");
    await this.page.locator(".quick-input-widget").waitFor({ state: "hidden", timeout: UI_MS });
    await this.activeEditor.locator("textarea").focus();
  }

  async typeText(text: string): Promise<void> {
    await this.activeEditor.locator("textarea").focus();
    await this.page.keyboard.type(text);
  }

  /**
   * Text of the active editor as rendered. Monaco renders only the lines in view, so this is the
   * whole file only for files that fit on screen; check bytes on disk after save() for the rest.
   */
  async activeEditorText(): Promise<string> {
    return this.activeEditor.locator(".view-lines").evaluate((el) => {
      const lines = [...el.querySelectorAll<HTMLElement>(".view-line")];
      lines.sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
      return lines.map((l) => (l.textContent ?? "").replace(/\u00a0/g, " ")).join("\n");
    });
  }

  /** Saves the active editor and waits until its tab is no longer dirty. */
  async save(): Promise<void> {
    await this.activeEditor.locator("textarea").focus();
    await this.page.keyboard.press("Control+S");
    await waitFor(
      () => this.activeTab().evaluate((el) => el.classList.contains("dirty")),
      (dirty) => !dirty,
      { timeout: UI_MS, message: "the active editor to be saved" },
    );
  }

  /** Opens the Problems panel and returns its entries once `done` accepts them. */
  async problems(
    done: (p: Problem[]) => boolean = () => true,
    opts: WaitForOptions = {},
  ): Promise<Problem[]> {
    const panel = this.page.locator(".markers-panel");
    if (!(await panel.isVisible()))
      await this.runCommand("View: Focus Problems (Errors, Warnings, Infos)");
    await panel.waitFor({ timeout: UI_MS });
    return waitFor(() => readProblems(panel), done, { message: "problems", ...opts });
  }

  /** Triggers suggest at the cursor and returns the labels of the items shown. */
  async triggerSuggest(): Promise<string[]> {
    await this.activeEditor.locator("textarea").focus();
    await this.page.keyboard.press("Control+Space");
    const widget = this.page.locator(".editor-widget.suggest-widget.visible");
    await widget.waitFor({ timeout: UI_MS });
    // Either items or the "No suggestions." message: both mean the provider has answered.
    await widget
      .locator(".monaco-list-row:visible, .message:visible")
      .first()
      .waitFor({ timeout: UI_MS });
    return widget.locator(".monaco-list-row .label-name").allTextContents();
  }

  /** Accepts the suggestion with this label from the open suggest widget. */
  async acceptSuggestion(label: string): Promise<void> {
    const widget = this.page.locator(".editor-widget.suggest-widget.visible");
    const row = widget
      .locator(".monaco-list-row")
      .filter({ has: this.page.locator(".label-name", { hasText: exactly(label) }) });
    await row.first().click({ timeout: UI_MS });
    await widget.waitFor({ state: "hidden", timeout: UI_MS });
  }

  /** Opens the quick-fix menu at the cursor (Ctrl+.) and applies the action with this title. */
  async quickFix(title: string): Promise<void> {
    const widget = this.page.locator(".action-widget");
    const row = widget
      .locator(".monaco-list-row.action")
      .filter({ has: this.page.locator(".title", { hasText: exactly(title) }) })
      .first();
    // The menu can open before the editor has the language server's latest diagnostics for the
    // cursor (it then lists other actions only): close it and ask again until the deadline.
    const deadline = Date.now() + UI_MS * 2;
    let seen: string[] = [];
    for (;;) {
      await this.activeEditor.locator("textarea").focus();
      await this.page.keyboard.press("Control+.");
      const found = await row
        .waitFor({ state: "visible", timeout: 3_000 })
        .then(() => true)
        .catch(() => false);
      if (found) break;
      seen = await widget.locator(".monaco-list-row .title").allTextContents();
      await this.page.keyboard.press("Escape");
      await widget.waitFor({ state: "hidden", timeout: UI_MS }).catch(() => undefined);
      if (Date.now() > deadline)
        throw new Error(
          `quick fix "${title}" not offered; the menu showed: ${JSON.stringify(seen)}`,
        );
    }
    // The menu lays a pointer-block over the page until the mouse moves; a forced hover is
    // that first move, after which the row takes a normal, checked click.
    await row.hover({ force: true, timeout: UI_MS });
    await row.click({ timeout: UI_MS });
    await widget.waitFor({ state: "hidden", timeout: UI_MS });
  }

  /** Shows the hover at 1-based line and column and returns its text. */
  async hover(line: number, column: number): Promise<string> {
    await this.goTo(line, column);
    await this.runCommand("Show or Focus Hover");
    const hover = this.page.locator(".monaco-hover:not(.hidden) .monaco-hover-content");
    await hover.first().waitFor({ timeout: UI_MS });
    return (await hover.first().innerText()).trim();
  }
}

function exactly(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*$`);
}

/** Reads the visible rows of the Problems tree: resource rows, then their marker rows. */
function readProblems(panel: Locator): Promise<Problem[]> {
  return panel.evaluate((root) => {
    const rows = [...root.querySelectorAll<HTMLElement>(".monaco-list-row")];
    rows.sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
    const out: Problem[] = [];
    let file = "";
    for (const row of rows) {
      const text = (sel: string) => row.querySelector(sel)?.textContent?.trim() ?? "";
      const lineCol = text(".marker-line");
      if (!lineCol) {
        file = text(".label-name") || file;
        continue;
      }
      const [, line = "0", column = "0"] = /(\d+)\D+(\d+)/.exec(lineCol) ?? [];
      const icon = row.querySelector(".marker-icon")?.className ?? "";
      const severity = (["error", "warning", "info"] as const).find((s) => icon.includes(s));
      out.push({
        file,
        message: text(".marker-message"),
        source: text(".marker-source"),
        code: text(".marker-code"),
        line: Number(line),
        column: Number(column),
        severity: severity ?? "unknown",
      });
    }
    return out;
  });
}

/** Chromium on a code-server URL with the workbench ready: where every VS Code test starts. */
export async function openWorkbench(
  url: string,
): Promise<{ browser: Browser; page: Page; wb: Workbench }> {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
    const wb = new Workbench(page);
    await wb.waitForReady();
    return { browser, page, wb };
  } catch (err) {
    await browser.close();
    throw err;
  }
}
