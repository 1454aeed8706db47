import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as esbuild from "esbuild";
import { contentSecurityPolicy, renderWebviewHtml } from "../../extension/src/panels/webview-html";
import { repoPaths } from "../harness/repo-paths";
import type { FakeHost } from "../../webview/src/host/fake-host";

/** What webview/src/dev/fake-main.ts puts on `window`, for `page.evaluate` callbacks. */
export interface PageGlobals {
  __fakeHost: FakeHost;
}

/**
 * The curation webview in a plain page: webview/src/dev/fake-main.ts (the real UI over the
 * in-memory FakeHost) bundled the way esbuild.mjs bundles main.ts, served from 127.0.0.1 with
 * the HTML of renderWebviewHtml and the same CSP as a header, as VS Code serves a webview.
 */
export interface WebviewPage {
  origin: string;
  /** Page URL; `query` becomes FakeHost options (see fake-main.ts). */
  url(query?: Record<string, string | number>): string;
  close(): Promise<void>;
}

/**
 * `entry: "fake"` (default) serves the UI over the FakeHost; `"vscode"` serves the production
 * entry (webview/src/main.ts), which needs a stub `acquireVsCodeApi` from an init script.
 */
export async function serveWebviewPage(entry: "fake" | "vscode" = "fake"): Promise<WebviewPage> {
  const dir = await mkdtemp(path.join(tmpdir(), "agentark-webview-"));
  const source = entry === "fake" ? "webview/src/dev/fake-main.ts" : "webview/src/main.ts";
  await esbuild.build({
    entryPoints: { main: path.join(repoPaths.root, source) },
    outdir: dir,
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    logLevel: "warning",
  });
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const origin = `http://${req.headers.host ?? "127.0.0.1"}`;
      if (url.pathname === "/" || url.pathname === "/index.html") {
        const nonce = randomBytes(16).toString("base64");
        const html = renderWebviewHtml({
          cspSource: origin,
          scriptUri: `${origin}/main.js`,
          styleUris: [`${origin}/main.css`],
          nonce,
        });
        res.writeHead(200, {
          "content-type": "text/html; charset=utf-8",
          "content-security-policy": contentSecurityPolicy(origin, nonce),
        });
        res.end(html);
        return;
      }
      if (url.pathname === "/favicon.ico") {
        res.writeHead(204);
        res.end();
        return;
      }
      const file = path.join(dir, path.basename(url.pathname));
      const type = file.endsWith(".js")
        ? "text/javascript"
        : file.endsWith(".css")
          ? "text/css"
          : "";
      try {
        if (!type) throw new Error("not served");
        res.writeHead(200, { "content-type": type });
        res.end(await readFile(file));
      } catch {
        res.writeHead(404);
        res.end();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  await writeFile(path.join(dir, "origin.txt"), origin);
  return {
    origin,
    url: (query = {}) => {
      const q = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
      return `${origin}/?${q.toString()}`;
    },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** VS Code's theme variables (a subset) and body class, as the workbench sets them. */
export const THEMES = {
  light: {
    bodyClass: "vscode-light",
    vars: {
      "--vscode-font-family": "sans-serif",
      "--vscode-font-size": "13px",
      "--vscode-editor-font-family": "monospace",
      "--vscode-foreground": "#3b3b3b",
      "--vscode-descriptionForeground": "#717171",
      "--vscode-editor-background": "#ffffff",
      "--vscode-sideBar-background": "#f8f8f8",
      "--vscode-panel-border": "#e5e5e5",
      "--vscode-focusBorder": "#005fb8",
      "--vscode-button-background": "#005fb8",
      "--vscode-button-foreground": "#ffffff",
      "--vscode-button-secondaryBackground": "#e5e5e5",
      "--vscode-button-secondaryForeground": "#3b3b3b",
      "--vscode-input-background": "#ffffff",
      "--vscode-input-foreground": "#3b3b3b",
      "--vscode-input-border": "#cecece",
      "--vscode-list-hoverBackground": "#f2f2f2",
      "--vscode-list-activeSelectionBackground": "#e8e8e8",
      "--vscode-list-inactiveSelectionBackground": "#e4e6f1",
      "--vscode-testing-iconPassed": "#388a34",
      "--vscode-testing-iconFailed": "#e51400",
      "--vscode-editorWarning-foreground": "#bf8803",
      "--vscode-charts-blue": "#1a85ff",
      "--vscode-textLink-foreground": "#005fb8",
      "--vscode-editorWidget-background": "#f8f8f8",
      "--vscode-editorWidget-border": "#c8c8c8",
      "--vscode-diffEditor-insertedTextBackground": "#9ccc2c40",
      "--vscode-badge-background": "#cccccc",
      "--vscode-badge-foreground": "#3b3b3b",
      // Form controls (@vscode-elements), as code-server sets them for this theme.
      "--vscode-settings-textInputBackground": "#ffffff",
      "--vscode-settings-textInputForeground": "#3b3b3b",
      "--vscode-settings-textInputBorder": "#cecece",
      "--vscode-settings-dropdownBackground": "#ffffff",
      "--vscode-settings-dropdownForeground": "#3b3b3b",
      "--vscode-settings-dropdownBorder": "#cecece",
      "--vscode-settings-dropdownListBorder": "#c8c8c8",
      "--vscode-settings-checkboxBackground": "#f8f8f8",
      "--vscode-settings-checkboxForeground": "#3b3b3b",
      "--vscode-settings-checkboxBorder": "#cecece",
      "--vscode-list-activeSelectionForeground": "#000000",
      "--vscode-list-focusOutline": "#005fb8",
    },
  },
  dark: {
    bodyClass: "vscode-dark",
    vars: {
      "--vscode-font-family": "sans-serif",
      "--vscode-font-size": "13px",
      "--vscode-editor-font-family": "monospace",
      "--vscode-foreground": "#cccccc",
      "--vscode-descriptionForeground": "#9d9d9d",
      "--vscode-editor-background": "#1f1f1f",
      "--vscode-sideBar-background": "#181818",
      "--vscode-panel-border": "#2b2b2b",
      "--vscode-focusBorder": "#0078d4",
      "--vscode-button-background": "#0078d4",
      "--vscode-button-foreground": "#ffffff",
      "--vscode-button-secondaryBackground": "#313131",
      "--vscode-button-secondaryForeground": "#cccccc",
      "--vscode-input-background": "#313131",
      "--vscode-input-foreground": "#cccccc",
      "--vscode-input-border": "#3c3c3c",
      "--vscode-list-hoverBackground": "#2a2d2e",
      "--vscode-list-activeSelectionBackground": "#04395e",
      "--vscode-list-inactiveSelectionBackground": "#37373d",
      "--vscode-testing-iconPassed": "#73c991",
      "--vscode-testing-iconFailed": "#f14c4c",
      "--vscode-editorWarning-foreground": "#cca700",
      "--vscode-charts-blue": "#3794ff",
      "--vscode-textLink-foreground": "#4daafc",
      "--vscode-editorWidget-background": "#202020",
      "--vscode-editorWidget-border": "#454545",
      "--vscode-diffEditor-insertedTextBackground": "#9ccc2c33",
      "--vscode-badge-background": "#616161",
      "--vscode-badge-foreground": "#f8f8f8",
      // Form controls (@vscode-elements), as code-server sets them for this theme.
      "--vscode-settings-textInputBackground": "#313131",
      "--vscode-settings-textInputForeground": "#cccccc",
      "--vscode-settings-textInputBorder": "#3c3c3c",
      "--vscode-settings-dropdownBackground": "#313131",
      "--vscode-settings-dropdownForeground": "#cccccc",
      "--vscode-settings-dropdownBorder": "#3c3c3c",
      "--vscode-settings-dropdownListBorder": "#454545",
      "--vscode-settings-checkboxBackground": "#313131",
      "--vscode-settings-checkboxForeground": "#cccccc",
      "--vscode-settings-checkboxBorder": "#3c3c3c",
      "--vscode-list-activeSelectionForeground": "#ffffff",
      "--vscode-list-focusOutline": "#0078d4",
    },
  },
  "high-contrast": {
    bodyClass: "vscode-high-contrast",
    vars: {
      "--vscode-font-family": "sans-serif",
      "--vscode-font-size": "13px",
      "--vscode-editor-font-family": "monospace",
      "--vscode-foreground": "#ffffff",
      "--vscode-descriptionForeground": "#ffffffb3",
      "--vscode-editor-background": "#000000",
      "--vscode-sideBar-background": "#000000",
      "--vscode-panel-border": "#6fc3df",
      "--vscode-contrastBorder": "#6fc3df",
      "--vscode-contrastActiveBorder": "#f38518",
      "--vscode-focusBorder": "#f38518",
      "--vscode-button-background": "#000000",
      "--vscode-button-foreground": "#ffffff",
      "--vscode-button-border": "#6fc3df",
      "--vscode-button-secondaryBackground": "#000000",
      "--vscode-button-secondaryForeground": "#ffffff",
      "--vscode-input-background": "#000000",
      "--vscode-input-foreground": "#ffffff",
      "--vscode-input-border": "#6fc3df",
      "--vscode-list-activeSelectionBackground": "#000000",
      "--vscode-list-focusOutline": "#f38518",
      "--vscode-testing-iconPassed": "#73c991",
      "--vscode-testing-iconFailed": "#f48771",
      "--vscode-editorWarning-foreground": "#ffd370",
      "--vscode-charts-blue": "#3794ff",
      "--vscode-textLink-foreground": "#21a6ff",
      "--vscode-editorWidget-background": "#0c141f",
      "--vscode-editorWidget-border": "#6fc3df",
      "--vscode-badge-background": "#000000",
      "--vscode-badge-foreground": "#ffffff",
      // Form controls (@vscode-elements), as code-server sets them for this theme.
      "--vscode-settings-textInputBackground": "#000000",
      "--vscode-settings-textInputForeground": "#ffffff",
      "--vscode-settings-textInputBorder": "#6fc3df",
      "--vscode-settings-dropdownBackground": "#000000",
      "--vscode-settings-dropdownForeground": "#ffffff",
      "--vscode-settings-dropdownBorder": "#6fc3df",
      "--vscode-settings-dropdownListBorder": "#6fc3df",
      "--vscode-settings-checkboxBackground": "#000000",
      "--vscode-settings-checkboxForeground": "#ffffff",
      "--vscode-settings-checkboxBorder": "#6fc3df",
    },
  },
} as const;

export type ThemeName = keyof typeof THEMES;

/**
 * Browser-side: applies a theme the way VS Code's webview host does (variables on the
 * documentElement's style, a class on body). Passed to `page.evaluate`.
 */
export function applyTheme(theme: { bodyClass: string; vars: Record<string, string> }): void {
  document.body.classList.remove("vscode-light", "vscode-dark", "vscode-high-contrast");
  document.body.classList.add(theme.bodyClass);
  const style = document.documentElement.style;
  for (const name of [...style]) if (name.startsWith("--vscode-")) style.removeProperty(name);
  for (const [k, v] of Object.entries(theme.vars)) document.documentElement.style.setProperty(k, v);
}
