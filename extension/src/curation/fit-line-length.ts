// Fits an edited row to the byte length its line had on disk by adding or removing JSON
// whitespace in that row only, so that the bytes after it keep their offsets: the save then
// copies the whole file in the kernel and writes the row in place (ADR 0009). JSON ignores
// whitespace between tokens, so every reader (json.loads, jq, pandas) sees the same value.
import { isWs, scanTopLevel, skipString } from "./json-line-scanner";

/**
 * The most whitespace before a row's closing brace after padding: a long note removed is not
 * worth a row of blanks in the file; past this the row is written at its own length (and the
 * rest moves).
 */
export const MAX_PADDING = 4096;

const QUOTE = 0x22;
const SPACE = 0x20;

/** Positions of the whitespace bytes outside strings, in order. */
function whitespaceOutsideStrings(line: Buffer): number[] {
  const found: number[] = [];
  let pos = 0;
  while (pos < line.length) {
    const b = line[pos];
    if (b === QUOTE) {
      pos = skipString(line, pos);
      continue;
    }
    if (isWs(b)) found.push(pos);
    pos++;
  }
  return found;
}

/**
 * `line` (one JSON object, no terminator) at exactly `length` bytes, or undefined when it cannot
 * be: longer than `length` by more whitespace than it has, or shorter by more than MAX_PADDING.
 * A shorter row gets spaces before its closing brace; a longer one loses whitespace from its end
 * backwards, which takes earlier padding first and then the spaces after `,` and `:` nearest the
 * end, so the row's beginning keeps its look.
 */
export function fitLineLength(line: Buffer, length: number): Buffer | undefined {
  const missing = length - line.length;
  if (missing === 0) return line;
  if (missing > 0) {
    const close = scanTopLevel(line).close;
    // Spaces already before the brace count: shrinking saves do not pile up padding.
    let padded = 0;
    while (padded < close && isWs(line[close - 1 - padded])) padded++;
    if (padded + missing > MAX_PADDING) return undefined;
    return Buffer.concat([
      line.subarray(0, close),
      Buffer.alloc(missing, SPACE),
      line.subarray(close),
    ]);
  }
  const spaces = whitespaceOutsideStrings(line);
  if (spaces.length < -missing) return undefined;
  return without(line, spaces.slice(spaces.length + missing));
}

/** Whether two rows hold the same JSON tokens, whatever whitespace lies between them. */
export function sameTokens(a: Buffer, b: Buffer): boolean {
  return squeezed(a).equals(squeezed(b));
}

function squeezed(line: Buffer): Buffer {
  return without(line, whitespaceOutsideStrings(line));
}

/** `line` without the bytes at `drops` (ascending positions). */
function without(line: Buffer, drops: readonly number[]): Buffer {
  const out = Buffer.allocUnsafe(line.length - drops.length);
  let at = 0;
  let from = 0;
  for (const drop of drops) {
    at += line.copy(out, at, from, drop);
    from = drop + 1;
  }
  line.copy(out, at, from);
  return out;
}
