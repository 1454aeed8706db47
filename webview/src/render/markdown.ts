import DOMPurify from "dompurify";
import katex from "katex";
import { markdownParser } from "./markdown-parser";

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

const md = markdownParser();

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
