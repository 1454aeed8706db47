import MarkdownItCallable, {
  type MarkdownIt,
  type StateBlock,
  type StateInline,
} from "markdown-it";

/**
 * markdown-it as the records need it: raw HTML shown as text, and `math` tokens for `$...$`,
 * `$$...$$`, `\(...\)` and `\[...\]`. Parsing only: renderers add their own rules (markdown.ts
 * draws math with KaTeX; plain-text.ts keeps the TeX).
 */
export function markdownParser(): MarkdownIt {
  const md = new MarkdownItCallable({
    html: false,
    linkify: false,
    typographer: false,
    breaks: false,
  });
  md.inline.ruler.before("escape", "math_inline", mathInline);
  md.block.ruler.before("fence", "math_block", mathBlock, {
    alt: ["paragraph", "reference", "blockquote", "list"],
  });
  return md;
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
