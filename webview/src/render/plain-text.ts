import { markdownParser } from "./markdown-parser";
import { mathText } from "./math-text";

const md = markdownParser();
const cache = new Map<string, string>();
const CACHE_MAX = 4000;

/**
 * Markdown as one line of plain text, for the record list: emphasis, code and link marks go, and
 * math, found by the renderer's own rule (so money keeps its `$`), reads as Unicode text
 * (`\frac{1}{2}` → `1/2`). The list shows dozens of rows at a time: too many for KaTeX's dozens
 * of nodes a formula.
 */
export function plainText(text: string): string {
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  let out = "";
  for (const t of md.parseInline(text, {})[0]?.children ?? []) {
    if (t.type === "text" || t.type === "code_inline") out += t.content;
    else if (t.type === "math") out += mathText(t.content);
    else if (t.type === "softbreak" || t.type === "hardbreak") out += " ";
    else if (t.type === "image") out += t.children?.map((c) => c.content).join("") ?? "";
  }
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(text, out);
  return out;
}
