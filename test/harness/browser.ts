import { type Browser, chromium } from "playwright-core";

/** Debian's Chromium: Playwright's own browser download is not reachable from these machines. */
export const chromiumPath = process.env.AGENTARK_CHROMIUM ?? "/usr/bin/chromium";

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--no-sandbox", // runs as root in CI
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
