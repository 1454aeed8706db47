import { HTTP_HEADER, VLLM_FIRST_HEADER, VLLM_HEADER } from "./split-solutions";

// A vLLM part that trims to something but holds only whitespace and non-ASCII bytes might be
// Unicode whitespace once decoded: it is decoded to be sure.
const MAYBE_BLANK = /^[\s\x80-\xff]*$/;

/** Strings of a latin1 parse hold a char per byte: back to UTF-8 for display. */
export function fromLatin1(text: string): string {
  return /[^ -~\t\n\r]/.test(text) ? Buffer.from(text, "latin1").toString("utf8") : text;
}

/**
 * The ids splitSolutions gives `response` (a latin1 string): headers are ASCII, so they are
 * found as in the decoded text; a vLLM part that may be Unicode whitespace is decoded first.
 */
export function responseIds(response: string): number[] {
  if (response.includes(VLLM_FIRST_HEADER)) {
    // Equal to splitting on VLLM_HEADER and dropping blank parts, without building the parts.
    const ids: number[] = [];
    const headers = new RegExp(VLLM_HEADER.source, "g");
    let from = 0;
    for (;;) {
      const m = headers.exec(response);
      if (!blankBetween(response, from, m ? m.index : response.length)) ids.push(ids.length + 1);
      if (!m) return ids;
      from = m.index + m[0].length;
    }
  }
  const ids = Array.from(response.matchAll(HTTP_HEADER), (m) => Number(m[1]));
  return ids.length ? ids : [1];
}

/** Whether s[from, to) trims to nothing; usually decided by its first character. */
function blankBetween(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) continue;
    if (c < 0x80) return false;
    const part = s.slice(from, to);
    return MAYBE_BLANK.test(part) && !fromLatin1(part).trim();
  }
  return true;
}
