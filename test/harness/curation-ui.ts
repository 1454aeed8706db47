// The curation editor as a person sees it in the workbench: its webview frame, opened by path.
import type { Frame, Page } from "playwright-core";
import { expect } from "vitest";
import { waitFor } from "./wait-for";
import type { Workbench } from "./workbench";

/** The curation editor's content frame: VS Code nests it inside its own webview iframe. */
export function curationFrame(page: Page): Promise<Frame> {
  return waitFor(
    async () => {
      for (const frame of page.frames()) {
        if (
          await frame
            .locator("curation-app")
            .count()
            .catch(() => 0)
        )
          return frame;
      }
      return undefined;
    },
    (f): f is Frame => f !== undefined,
    { timeout: 60_000, message: "the curation webview" },
  ) as Promise<Frame>;
}

/**
 * Opens a workspace-relative file from Quick Open in its default editor and returns the frame once
 * the webview holds focus. VS Code focuses a webview editor when its frame has loaded, which can be
 * well after the content shows; a picker opened before then closes as it loses focus.
 */
export async function openCurationEditor(wb: Workbench, file: string): Promise<Frame> {
  const name = file.split("/").pop()!;
  await wb.pick(file, (widget) =>
    widget.locator(".quick-input-list .monaco-list-row", { hasText: name }),
  );
  const frame = await curationFrame(wb.page);
  await waitForFocus(frame);
  return frame;
}

/** Waits until the webview holds focus: VS Code gives it focus once its frame has loaded. */
export async function waitForFocus(frame: Frame): Promise<void> {
  await waitFor(
    () => frame.evaluate(() => document.hasFocus()).catch(() => false),
    (focused) => focused,
    { timeout: 30_000, message: "focus in the curation editor" },
  );
}

export const recordOnLine = (frame: Frame, line: number) =>
  frame.locator(`article.record[aria-label="Record on line ${line}"]`);

/** Whether the active editor tab shows unsaved changes. */
export const isDirty = (wb: Workbench) =>
  wb.activeTab().evaluate((el) => el.classList.contains("dirty"));

/**
 * Turns over the shown record's first solution verdict from the keyboard (`x` or `c`) and waits
 * until the tab shows unsaved changes; returns whether the solution was correct before.
 */
export async function flipFirstSolution(frame: Frame, wb: Workbench): Promise<boolean> {
  const card = frame.locator(".cards > section").first();
  const wasCorrect =
    (await card.locator(".verdict-btn.ok").getAttribute("aria-pressed")) === "true";
  await wb.page.keyboard.press(wasCorrect ? "x" : "c");
  await waitFor(
    () => isDirty(wb),
    (dirty) => dirty,
    { message: "the edit (a dirty tab)" },
  );
  return wasCorrect;
}

/**
 * Fills the Reason field from the keyboard as a person would: `r` to reach it, the text in place
 * of what it held (nothing clears it), Enter back to the record.
 */
export async function typeReason(frame: Frame, page: Page, text: string): Promise<void> {
  await page.keyboard.press("r");
  await waitFor(
    () => frame.evaluate(() => document.activeElement?.id),
    (id) => id === "reason",
    { message: "r to focus the Reason field" },
  );
  // Shift+Home, not Ctrl+A: VS Code runs its own Select All for a webview, later, by message.
  await page.keyboard.press("End");
  await page.keyboard.press("Shift+Home");
  if (text) await page.keyboard.type(text);
  else await page.keyboard.press("Backspace");
  await page.keyboard.press("Enter");
}

/**
 * Checks that `after` keeps every line of `before` byte for byte except line `edited` (0-based),
 * and returns that line as saved.
 */
export function expectOnlyLineChanged(after: string, before: string, edited: number): string {
  const a = after.split("\n");
  const b = before.split("\n");
  expect(a.length).toBe(b.length);
  a.forEach((line, i) => {
    if (i !== edited) expect(line, `line ${i + 1}`).toBe(b[i]);
  });
  return a[edited]!;
}
