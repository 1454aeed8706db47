// A sequential pass over a JSONL file for exports: one streaming read that splits lines, parses
// them, and hashes the exact bytes for the manifest, so the file is read once at any size.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";

/** One line of the input: a parsed row, or why it could not be parsed. */
export type InputRecord =
  { line: number; row: unknown; lenient?: boolean } | { line: number; malformed: string };

export interface JsonlSource {
  path: string;
  records: AsyncIterable<InputRecord>;
  /** sha256 of every byte read; complete once `records` is exhausted. */
  sha256(): string;
  bytes(): number;
  /** Blank lines seen (skipped, not records). */
  blankLines(): number;
}

// Python's json.dumps writes NaN/Infinity for float fields (token stats, scores); JSON.parse
// rejects them. Outside strings they are read as null so the row is not lost.
const NON_FINITE = /"(?:[^"\\]|\\.)*"|-?Infinity|NaN/g;

export function parseJsonLine(text: string, line: number): InputRecord {
  try {
    return { line, row: JSON.parse(text) as unknown };
  } catch (err) {
    if (/NaN|Infinity/.test(text)) {
      try {
        const fixed = text.replace(NON_FINITE, (m) => (m.startsWith('"') ? m : "null"));
        return { line, row: JSON.parse(fixed) as unknown, lenient: true };
      } catch {
        // fall through to the original error
      }
    }
    return { line, malformed: err instanceof Error ? err.message : String(err) };
  }
}

function decodeLine(raw: Buffer, first: boolean): string {
  let start = 0;
  let end = raw.length;
  if (first && raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf) start = 3;
  if (raw[end - 1] === 0x0d) end--;
  return raw.toString("utf8", start, end);
}

export function readJsonlRecords(path: string): JsonlSource {
  const hash = createHash("sha256");
  let total = 0;
  let blanks = 0;
  async function* records(): AsyncGenerator<InputRecord> {
    // Pieces of a line that spans chunks, joined once its newline arrives (no quadratic copying
    // for multi-megabyte lines).
    let parts: Buffer[] = [];
    let line = 0;
    const emit = (raw: Buffer): InputRecord | undefined => {
      const text = decodeLine(raw, line === 0);
      const n = line++;
      if (!text.trim()) {
        blanks++;
        return undefined;
      }
      return parseJsonLine(text, n);
    };
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
      const buf = chunk as Buffer;
      hash.update(buf);
      total += buf.length;
      let start = 0;
      let nl = buf.indexOf(0x0a);
      while (nl >= 0) {
        const piece = buf.subarray(start, nl);
        const rec = emit(parts.length ? Buffer.concat([...parts, piece]) : piece);
        parts = [];
        if (rec) yield rec;
        start = nl + 1;
        nl = buf.indexOf(0x0a, start);
      }
      if (start < buf.length) parts.push(buf.subarray(start));
    }
    if (parts.length) {
      const rec = emit(Buffer.concat(parts));
      if (rec) yield rec;
    }
  }
  return {
    path,
    records: records(),
    sha256: () => hash.copy().digest("hex"),
    bytes: () => total,
    blankLines: () => blanks,
  };
}
