import DOMPurify from "dompurify";
import katex from "katex";
import MarkdownIt, { type StateBlock, type StateInline } from "markdown-it";

/**
 * Record text → safe HTML. Everything in a record is untrusted:
 * - markdown-it with `html: false`, so raw HTML in the text is shown as text;
 * - math through KaTeX with `trust: false` (no `\href`, `\url`, `\includegraphics`,
 *   `\htmlStyle`...) and MathML output only: KaTeX's HTML output needs inline `style`
 *   attributes, which the CSP forbids, and Chromium draws MathML Core natively without fonts;
 * - DOMPurify over the result as a second wall: no script, no event handlers, no `style`, no
 *   URL-bearing attributes. Images become their alt text; links lose `href` and keep the URL in
 *   `data-href`, which the UI hands to the host (`openLink`) on a click.
 */

const md = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: false });

/** TeX KaTeX cannot (or, untrusted, will not) draw is shown as source; KaTeX's own error
 * rendering uses a `style` attribute. */
function renderTex(tex: string, displayMode: boolean): string {
  try {
    return katex.renderToString(tex, {
      displayMode,
      output: "mathml",
      throwOnError: true,
      trust: false,
      strict: "ignore",
      maxSize: 20,
      maxExpand: 200,
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return `<code class="tex-error" title="${md.utils.escapeHtml(message)}">${md.utils.escapeHtml(tex)}</code>`;
  }
}

function mathInline(state: StateInline, silent: boolean): boolean {
  const src = state.src;
  const start = state.pos;
  let open: string;
  let close: string;
  if (src.startsWith("$$", start)) [open, close] = ["$$", "$$"];
  else if (src.startsWith("\\(", start)) [open, close] = ["\\(", "\\)"];
  else if (src[start] === "$") [open, close] = ["$", "$"];
  else return false;
  const from = start + open.length;
  let end = src.indexOf(close, from);
  while (end > 0 && src[end - 1] === "\\") end = src.indexOf(close, end + 1);
  if (end < 0 || end === from) return false;
  const tex = src.slice(from, end);
  if (open === "$") {
    // "$5 and $6" is money, not math: no space just inside the dollars, no digit right after.
    if (/^\s|\s$/.test(tex) || /\d/.test(src[end + 1] ?? "")) return false;
  }
  if (!silent) {
    const token = state.push("math", "", 0);
    token.content = tex;
    token.markup = open;
    token.block = open === "$$";
  }
  state.pos = end + close.length;
  return true;
}

function mathBlock(
  state: StateBlock,
  startLine: number,
  endLine: number,
  silent: boolean,
): boolean {
  const lineStart = (l: number) => (state.bMarks[l] ?? 0) + (state.tShift[l] ?? 0);
  const lineText = (l: number) => state.src.slice(lineStart(l), state.eMarks[l] ?? 0);
  const first = lineText(startLine);
  const open = first.startsWith("$$") ? "$$" : first.startsWith("\\[") ? "\\[" : null;
  if (open === null) return false;
  const close = open === "$$" ? "$$" : "\\]";
  let body = first.slice(open.length);
  let line = startLine;
  let closed = body.trimEnd().endsWith(close);
  while (!closed && line + 1 < endLine) {
    line++;
    const text = lineText(line);
    body += "\n" + text;
    closed = text.trimEnd().endsWith(close);
  }
  if (!closed) return false;
  if (silent) return true;
  const token = state.push("math", "", 0);
  token.block = true;
  token.content = body.trimEnd().slice(0, -close.length);
  token.map = [startLine, line + 1];
  state.line = line + 1;
  return true;
}

md.inline.ruler.before("escape", "math_inline", mathInline);
md.block.ruler.before("fence", "math_block", mathBlock, {
  alt: ["paragraph", "reference", "blockquote", "list"],
});
md.renderer.rules.math = (tokens, i) => {
  const t = tokens[i];
  return t ? renderTex(t.content, t.block) : "";
};
md.renderer.rules.image = (tokens, i) => {
  const alt = tokens[i]?.children?.map((c) => c.content).join("") ?? "";
  return `<span class="blocked-image" title="image not loaded">[image: ${md.utils.escapeHtml(alt)}]</span>`;
};

const SAFE_URL = /^https?:\/\//i;

DOMPurify.addHook("afterSanitizeAttributes", (node) => {
  if (node.nodeName === "A") {
    const href = node.getAttribute("href") ?? "";
    node.removeAttribute("href");
    node.removeAttribute("target");
    if (SAFE_URL.test(href)) {
      node.setAttribute("data-href", href);
      node.setAttribute("title", href);
      node.setAttribute("role", "link");
      node.setAttribute("tabindex", "0");
      node.classList.add("record-link");
    }
  }
});

const PURIFY = {
  USE_PROFILES: { html: true, mathMl: true },
  FORBID_TAGS: [
    "style",
    "img",
    "svg",
    "iframe",
    "form",
    "input",
    "button",
    "video",
    "audio",
    "object",
    "embed",
    "link",
    "meta",
  ],
  FORBID_ATTR: [
    "style",
    "src",
    "srcset",
    "action",
    "formaction",
    "xlink:href",
    "background",
    "poster",
  ],
  ALLOW_DATA_ATTR: false,
  ADD_ATTR: ["data-href"],
};

const cache = new Map<string, string>();
const CACHE_MAX = 4000;

function remember(key: string, html: string): string {
  if (cache.size >= CACHE_MAX) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(key, html);
  return html;
}

/** The rendered HTML when `text` was rendered before. */
export function cachedMarkdown(text: string): string | undefined {
  return cache.get(`m${text}`);
}

/** Markdown with math, sanitized; cached because the same texts are drawn again and again. */
export function renderMarkdown(text: string): string {
  const key = `m${text}`;
  return cache.get(key) ?? remember(key, DOMPurify.sanitize(md.render(text), PURIFY));
}

/** A final answer: math when it looks like TeX, else text. */
export function renderAnswer(text: string): string {
  const key = `a${text}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const bare = text.replace(/^\$+|\$+$/g, "");
  const html = /[\\^_{}]/.test(bare) ? renderTex(bare, false) : md.utils.escapeHtml(text);
  return remember(key, DOMPurify.sanitize(html, PURIFY));
}

export function clearMarkdownCache(): void {
  cache.clear();
}
