import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../../../webview/src");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(path.join(dir, e.name))
      : e.name.endsWith(".ts")
        ? [path.join(dir, e.name)]
        : [],
  );
}

/** Rules the browser cannot check for us (style §7, §8 and the CSP). */
describe("webview sources", () => {
  const files = sources(root).map((f) => ({
    name: path.relative(root, f),
    text: readFileSync(f, "utf8"),
  }));

  it("call acquireVsCodeApi only in host/vscode-host.ts", () => {
    const callers = files.filter((f) => /acquireVsCodeApi\s*[<(]/.test(f.text)).map((f) => f.name);
    expect(callers).toEqual(["host/vscode-host.ts"]);
  });

  it("never build DOM from strings outside the sanitizer, nor eval", () => {
    for (const f of files) {
      expect(f.text, f.name).not.toMatch(
        /\.innerHTML\s*=|outerHTML\s*=|insertAdjacentHTML|document\.write/,
      );
      expect(f.text, f.name).not.toMatch(/\beval\(|new Function\(/);
    }
  });

  it("pass only sanitized markdown to unsafeHTML", () => {
    for (const f of files) {
      for (const m of f.text.matchAll(/unsafeHTML\(([^)]*)/g)) {
        expect(m[1], f.name).toMatch(/^(renderMarkdown|renderAnswer|cached|renderMarkdown\(text)/);
      }
    }
  });

  it("never set a style attribute (the CSP blocks them): CSSOM via cssProps only", () => {
    for (const f of files)
      expect(f.text, f.name).not.toMatch(/\sstyle=\$\{|lit\/directives\/style-map/);
  });
});
