import { describe, expect, it } from "vitest";
import {
  contentSecurityPolicy,
  renderWebviewHtml,
} from "../../../extension/src/panels/webview-html";

const options = {
  cspSource: "https://file+.vscode-resource.vscode-cdn.net",
  scriptUri: "https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/main.js",
  styleUris: ["https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/main.css"],
  nonce: "AAECAwQFBgcICQoLDA0ODw==",
};

function cspOf(html: string): string {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html);
  if (!m?.[1]) throw new Error("no CSP meta tag");
  return m[1].replace(/&#39;/g, "'");
}

describe("renderWebviewHtml", () => {
  const html = renderWebviewHtml(options);

  it("sets the strict CSP", () => {
    expect(cspOf(html)).toBe(
      "default-src 'none'; " +
        `script-src 'nonce-${options.nonce}'; ` +
        `style-src ${options.cspSource} 'nonce-${options.nonce}'; ` +
        `img-src ${options.cspSource} data:; ` +
        `font-src ${options.cspSource}; ` +
        "base-uri 'none'; form-action 'none'",
    );
    expect(cspOf(html)).toBe(contentSecurityPolicy(options.cspSource, options.nonce));
  });

  it("allows no eval, no inline code and no remote origins", () => {
    const csp = cspOf(html);
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("*");
    expect(csp).not.toMatch(/\bhttps?:\/\/(?!file\+\.vscode-resource)/);
  });

  it("gives every script the nonce and loads only the bundle", () => {
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(1);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toContain(`nonce="${options.nonce}"`);
      expect(attrs).toContain(`src="${options.scriptUri}"`);
      expect(body).toBe("");
    }
    const links = [...html.matchAll(/<link\b([^>]*)>/g)].map((m) => m[1]);
    expect(links).toEqual([expect.stringContaining(`href="${options.styleUris[0]}"`)]);
    expect(html).not.toMatch(/\son\w+=/i);
    expect(html).not.toMatch(/<style/i);
  });

  it("escapes URIs and refuses bad nonces and CSP sources", () => {
    const odd = renderWebviewHtml({
      ...options,
      scriptUri: 'https://x/"><script>alert(1)</script>',
    });
    expect(odd).not.toContain("<script>alert(1)");
    expect(() => renderWebviewHtml({ ...options, nonce: "short" })).toThrow();
    expect(() =>
      renderWebviewHtml({ ...options, nonce: "x'; script-src *; '0123456789" }),
    ).toThrow();
    expect(() => renderWebviewHtml({ ...options, cspSource: "a; script-src *" })).toThrow();
    // code-server's cspSource lists two sources.
    const web = "'self' https://*.vscode-cdn.net";
    expect(cspOf(renderWebviewHtml({ ...options, cspSource: web }))).toContain(
      `style-src ${web} 'nonce-`,
    );
  });

  it("uses a fresh nonce per render", () => {
    const other = renderWebviewHtml({ ...options, nonce: "ZmZmZmZmZmZmZmZmZmZmZg==" });
    expect(other).not.toContain(options.nonce);
  });
});
