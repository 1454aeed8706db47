// The Runs side of the workbench as a person sees it: the AgentArk views, CodeLens, toasts.
import type { Page } from "playwright-core";

const UI_MS = 30_000;

/** A view pane of the sidebar by its title. */
export function pane(page: Page, title: string) {
  return page.locator(".pane").filter({
    has: page.locator(".pane-header .title", { hasText: new RegExp(`^${title}$`, "i") }),
  });
}

export function runsRows(page: Page) {
  return pane(page, "Runs");
}

export function toasts(page: Page): Promise<string[]> {
  return page.locator(".notifications-toasts .notification-toast").allInnerTexts();
}

/** Clicks `action` on the notification toast that contains `text`. */
export async function clickToastAction(page: Page, text: string, action: string): Promise<void> {
  await page
    .locator(".notifications-toasts .notification-toast", { hasText: text })
    .locator(".monaco-button", { hasText: action })
    .first()
    .click({ timeout: UI_MS });
}

export async function openRunsView(page: Page): Promise<void> {
  // The activity bar icon toggles: a second click would hide the open view.
  if (await runsRows(page).isVisible()) return;
  await page.locator('.activitybar .action-item a[aria-label^="AgentArk"]').click({
    timeout: UI_MS,
  });
  await runsRows(page).waitFor({ timeout: UI_MS });
}

/** Quick Open lists a root-level file without a description row, so open it from the Explorer. */
export async function openFromExplorer(page: Page, name: string): Promise<void> {
  const row = page.locator(".explorer-folders-view .monaco-list-row", { hasText: name });
  await row.first().click({ timeout: UI_MS });
}

export async function clickCodeLens(page: Page, title: string): Promise<void> {
  const lens = page.locator(".contentWidgets .codelens-decoration a", { hasText: title });
  await lens.first().click({ timeout: UI_MS });
}

/** Clicks the first row of the open quick pick that holds `text` (a run's or a job's name). */
export async function pickRow(page: Page, text: string): Promise<void> {
  await page
    .locator(".quick-input-widget .quick-input-list .monaco-list-row", { hasText: text })
    .first()
    .click({ timeout: UI_MS });
}
