import type { Page } from "playwright-core";
import { waitFor } from "./wait-for";

const UI_MS = 15_000;

/**
 * The save dialog (VS Code's simple file dialog in a browser), its title matching `title`, fills
 * in the proposed path in two steps (folder, then file name): once it holds `proposed`, `path`
 * replaces it by typing, or the proposal is taken as it is.
 */
export async function chooseOutput(
  page: Page,
  title: RegExp,
  proposed: string,
  { path, replace = false }: { path?: string; replace?: boolean } = {},
): Promise<void> {
  const widget = page.locator(".quick-input-widget");
  await widget.locator(".quick-input-title", { hasText: title }).waitFor({
    timeout: UI_MS,
  });
  const input = widget.locator(".quick-input-box input");
  await waitFor(
    () => input.inputValue(),
    (v) => v === proposed,
    { message: "the proposed output path" },
  );
  if (path !== undefined) {
    await page.keyboard.press("Control+a");
    await page.keyboard.type(path);
    await waitFor(
      () => input.inputValue(),
      (v) => v === path,
      { message: "the typed output path" },
    );
  }
  // While the dialog still lists the folder just typed, it can take Enter as "list this folder"
  // and stay open with the path unchanged: then the user presses Enter again.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press("Enter");
    if (replace && (await askedToReplace(page))) await page.keyboard.press("Enter");
    const closed = await widget
      .waitFor({ state: "hidden", timeout: 5_000 })
      .then(() => true)
      .catch(() => false);
    if (closed) return;
    if (attempt === 3 || (await input.inputValue()) !== (path ?? proposed))
      throw new Error(`the save dialog stayed open with ${await input.inputValue()}`);
  }
}

/**
 * Whether the save dialog asks before it replaces an existing file (inside the picker, where
 * Enter is OK); false when it has not within a few seconds, as when it took Enter as "list this
 * folder".
 */
function askedToReplace(page: Page): Promise<boolean> {
  return page
    .locator(".quick-input-widget", { hasText: "already exists" })
    .waitFor({ timeout: 5_000 })
    .then(
      () => true,
      () => false,
    );
}
