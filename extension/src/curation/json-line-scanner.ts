// A byte-level JSON scanner for one JSONL line: it finds the exact byte spans of members and
// array items without building values, so an edit can replace a few bytes and leave the rest of
// the line (key order, number spelling, escapes, raw UTF-8) untouched. It works on a Buffer, not
// a decoded string: bytes that are not valid UTF-8 survive, and strings are skipped with
// `indexOf` on the quote byte, which keeps multi-megabyte solution texts cheap.
// Python's json module writes NaN, Infinity and -Infinity; they are accepted as bare tokens.

export class JsonLineError extends Error {
  override name = "JsonLineError";
}

export interface Span {
  start: number;
  end: number;
}

export interface ObjectMember {
  key: string;
  keyStart: number;
  valueStart: number;
  valueEnd: number;
}

export interface ObjectScan {
  open: number;
  close: number;
  members: ObjectMember[];
}

export interface ArrayScan {
  open: number;
  close: number;
  items: Span[];
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

export function isWs(b: number | undefined): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
}

export function skipWs(buf: Buffer, pos: number): number {
  while (pos < buf.length && isWs(buf[pos])) pos++;
  return pos;
}

/** Position just after the closing quote of the string that opens at `pos`. */
export function skipString(buf: Buffer, pos: number): number {
  let p = pos + 1;
  for (;;) {
    const q = buf.indexOf(QUOTE, p);
    if (q < 0) throw new JsonLineError(`unterminated string at byte ${pos}`);
    let backslashes = 0;
    while (q - 1 - backslashes >= pos + 1 && buf[q - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    p = q + 1;
  }
}

function skipBareToken(buf: Buffer, pos: number): number {
  let p = pos;
  while (p < buf.length) {
    const b = buf[p];
    if (b === COMMA || b === RBRACE || b === RBRACKET || isWs(b)) break;
    p++;
  }
  if (p === pos) throw new JsonLineError(`unexpected byte at ${pos}`);
  const token = buf.toString("latin1", pos, p);
  if (!/^(-?(\d|Infinity)|NaN|true|false|null)/.test(token))
    throw new JsonLineError(`unexpected token ${JSON.stringify(token.slice(0, 20))} at ${pos}`);
  return p;
}

/** Position just after the value that starts at `pos` (no leading whitespace). */
export function skipValue(buf: Buffer, pos: number): number {
  const b = buf[pos];
  if (b === QUOTE) return skipString(buf, pos);
  if (b === LBRACE) return scanObject(buf, pos).close + 1;
  if (b === LBRACKET) return scanArray(buf, pos).close + 1;
  if (b === undefined) throw new JsonLineError("unexpected end of line");
  return skipBareToken(buf, pos);
}

export function decodeKey(buf: Buffer, start: number, end: number): string {
  const slice = buf.subarray(start, end);
  return slice.includes(BACKSLASH)
    ? (JSON.parse(slice.toString("utf8")) as string)
    : slice.toString("utf8", 1, slice.length - 1);
}

export function scanObject(buf: Buffer, open: number): ObjectScan {
  if (buf[open] !== LBRACE) throw new JsonLineError(`expected an object at byte ${open}`);
  const members: ObjectMember[] = [];
  let p = skipWs(buf, open + 1);
  if (buf[p] === RBRACE) return { open, close: p, members };
  for (;;) {
    if (buf[p] !== QUOTE) throw new JsonLineError(`expected a key at byte ${p}`);
    const keyEnd = skipString(buf, p);
    const key = decodeKey(buf, p, keyEnd);
    let q = skipWs(buf, keyEnd);
    if (buf[q] !== COLON) throw new JsonLineError(`expected ':' at byte ${q}`);
    const valueStart = skipWs(buf, q + 1);
    const valueEnd = skipValue(buf, valueStart);
    members.push({ key, keyStart: p, valueStart, valueEnd });
    q = skipWs(buf, valueEnd);
    if (buf[q] === RBRACE) return { open, close: q, members };
    if (buf[q] !== COMMA) throw new JsonLineError(`expected ',' or '}' at byte ${q}`);
    p = skipWs(buf, q + 1);
  }
}

export function scanArray(buf: Buffer, open: number): ArrayScan {
  if (buf[open] !== LBRACKET) throw new JsonLineError(`expected an array at byte ${open}`);
  const items: Span[] = [];
  let p = skipWs(buf, open + 1);
  if (buf[p] === RBRACKET) return { open, close: p, items };
  for (;;) {
    const end = skipValue(buf, p);
    items.push({ start: p, end });
    const q = skipWs(buf, end);
    if (buf[q] === RBRACKET) return { open, close: q, items };
    if (buf[q] !== COMMA) throw new JsonLineError(`expected ',' or ']' at byte ${q}`);
    p = skipWs(buf, q + 1);
  }
}

/** The line's top-level object; a UTF-8 BOM before it is allowed (first line of a file). */
export function scanTopLevel(line: Buffer): ObjectScan {
  let p = 0;
  if (line[0] === 0xef && line[1] === 0xbb && line[2] === 0xbf) p = 3;
  p = skipWs(line, p);
  const top = scanObject(line, p);
  if (skipWs(line, top.close + 1) !== line.length)
    throw new JsonLineError("trailing bytes after the top-level object");
  return top;
}

/** The last member with this key, as Python's json.loads keeps the last duplicate. */
export function findMember(scan: ObjectScan, key: string): ObjectMember | undefined {
  for (let i = scan.members.length - 1; i >= 0; i--) {
    const m = scan.members[i];
    if (m?.key === key) return m;
  }
  return undefined;
}

export function valueText(buf: Buffer, span: { valueStart: number; valueEnd: number }): string {
  return buf.toString("utf8", span.valueStart, span.valueEnd);
}
