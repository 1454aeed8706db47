/**
 * The only place the curation webview's HTML is produced (style §8). It takes strings, not a
 * `vscode.Webview`, so it is unit-tested in plain Node; the panel passes `webview.cspSource` and
 * `asWebviewUri(...)` results. No record data ever goes into this HTML: it arrives by
 * `postMessage` after the webview says `ready`.
 *
 * For the curation editor: `scriptUri` = dist/webview/main.js (an ES module), `styleUris` =
 * [dist/webview/main.css] (both written by esbuild.mjs; math is MathML, so no font files), and
 * `localResourceRoots: [dist/webview]`, `enableScripts: true`.
 */
export interface WebviewHtmlOptions {
  /** `webview.cspSource`: the origin bundled files are served from. */
  cspSource: string;
  /** URI of dist/webview/main.js. */
  scriptUri: string;
  /** URIs of the bundled stylesheets (dist/webview/main.css). */
  styleUris: readonly string[];
  /** Fresh per render: `crypto.randomBytes(16).toString("base64")`. */
  nonce: string;
  /** Page title, for screen readers. */
  title?: string;
}

/**
 * - `default-src 'none'`: nothing not listed below: no fetch/XHR/WebSocket (`connect-src`), no
 *   frames, no objects, no media, no forms.
 * - `script-src 'nonce-…'`: only our bundle; no `unsafe-eval`, no `unsafe-inline`.
 * - `style-src cspSource 'nonce-…'`: our stylesheet, and `<style nonce>` for Lit's fallback when
 *   constructable stylesheets are missing. No `unsafe-inline`, so a `style` attribute from record
 *   text is ignored; views set dynamic sizes through CSSOM, which CSP allows.
 * - `img-src cspSource data:`, `font-src cspSource`: bundled assets only; record text never
 *   loads a remote image (the markdown renderer also drops images).
 * - `base-uri 'none'`, `form-action 'none'`: no base-tag or form tricks.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

const ATTR_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  '"': "&quot;",
  "<": "&lt;",
  ">": "&gt;",
  "'": "&#39;",
};

function attr(value: string): string {
  return value.replace(/[&"<>']/g, (c) => ATTR_ESCAPES[c] ?? c);
}

const NONCE = /^[A-Za-z0-9+/=_-]{16,}$/;

export function renderWebviewHtml(options: WebviewHtmlOptions): string {
  const { cspSource, scriptUri, styleUris, nonce } = options;
  if (!NONCE.test(nonce)) throw new Error("nonce must be at least 16 base64 characters");
  // VS Code's cspSource may list several sources (code-server: `'self' https://*.vscode-cdn.net`);
  // only a directive separator or markup characters would let it change the policy's meaning.
  if (/[;"<>,]/.test(cspSource) || cspSource.trim() === "") {
    throw new Error(`unexpected cspSource: ${cspSource}`);
  }
  const csp = contentSecurityPolicy(cspSource.trim(), nonce);
  const styles = styleUris
    .map((uri) => `    <link rel="stylesheet" nonce="${attr(nonce)}" href="${attr(uri)}" />`)
    .join("\n");
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta http-equiv="Content-Security-Policy" content="${attr(csp)}" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${attr(options.title ?? "AgentArk curation")}</title>
${styles}
    <script type="module" nonce="${attr(nonce)}" src="${attr(scriptUri)}"></script>
  </head>
  <body></body>
</html>
`;
}
