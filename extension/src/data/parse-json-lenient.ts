/** The value of a JSON line, or why it is not one. */
export type JsonResult = { ok: true; value: unknown } | { ok: false; message: string };

// Python's json module writes NaN, Infinity and -Infinity as bare tokens (allow_nan=True is its
// default), so AgentArk rows can hold them where a PRM score or a metric overflowed.
const NON_FINITE = /NaN|Infinity/;
// Each such token is swapped for a string holding a lone surrogate (which no valid UTF-8 line can
// produce) and turned back into a number by the reviver.
const MARK = "\ud800";
const ESCAPED_MARK = /\\u[dD]800/;
const MARKED: Record<string, number> = {
  [`${MARK}NaN`]: NaN,
  [`${MARK}Infinity`]: Infinity,
  [`${MARK}-Infinity`]: -Infinity,
};

/** JSON.parse, plus the NaN/Infinity tokens Python writes; never throws. */
export function parseJsonLenient(text: string): JsonResult {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (!NON_FINITE.test(text) || text.includes(MARK) || ESCAPED_MARK.test(text))
      return { ok: false, message };
    const swapped = swapNonFinite(text);
    if (swapped === null) return { ok: false, message };
    try {
      return { ok: true, value: JSON.parse(swapped, revive) as unknown };
    } catch {
      return { ok: false, message };
    }
  }
}

function revive(_key: string, value: unknown): unknown {
  return typeof value === "string" && value.startsWith(MARK) && value in MARKED
    ? MARKED[value]
    : value;
}

/** Rewrites the non-finite tokens outside strings; null when there were none to rewrite. */
function swapNonFinite(text: string): string | null {
  let out = "";
  let from = 0;
  let i = 0;
  let swapped = false;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      i = endOfString(text, i + 1);
      continue;
    }
    const token = text.startsWith("NaN", i)
      ? "NaN"
      : text.startsWith("Infinity", i)
        ? "Infinity"
        : text.startsWith("-Infinity", i)
          ? "-Infinity"
          : null;
    if (token) {
      out += `${text.slice(from, i)}"${MARK}${token}"`;
      i += token.length;
      from = i;
      swapped = true;
    } else i++;
  }
  return swapped ? out + text.slice(from) : null;
}

/** Index just past the closing quote of the string whose body starts at `i`. */
function endOfString(text: string, i: number): number {
  for (;;) {
    const q = text.indexOf('"', i);
    if (q < 0) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(q - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    i = q + 1;
  }
}
