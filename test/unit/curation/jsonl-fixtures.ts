// Realistic AgentArk lines, written the way Python's json.dumps writes them, plus the awkward
// lines a results file can hold. Tests build line ranges themselves (any index will do).
import { OffsetLineRanges, type LineRanges } from "../../../extension/src/curation/line-ranges";

/** json.dumps(row, ensure_ascii=False) as label.py writes it. */
export const LABELED =
  '{"query": "Natalia sold clips to 48 friends… how many in total?", "gt": "72", ' +
  '"solutions": [{"id": 1, "text": "Step 1: 48 in April.\\n\\nStep 2: 48/2 = 24 in May.\\n\\nSo 72. \\\\boxed{72}", "is_correct": true}, ' +
  '{"id": 2, "text": "She sold 48 + 48 = 96. \\\\boxed{96}", "is_correct": false}, ' +
  '{"id": 3, "text": "Für Mai: 24. Total \\\\boxed{72}", "is_correct": true}], ' +
  '"labels": [true, false, true], "tag": null, "source": "GSM8K"}';

/** json.dump default (ensure_ascii=True), with the number spellings Python produces. */
export const ESCAPED =
  '{"query": "Caf\\u00e9 au lait costs \\u20ac3", "gt": "3", "score": 1.0, "lr": 1e-05, "neg": -0.0, ' +
  '"bad": NaN, "big": Infinity, "small": -Infinity, ' +
  '"solutions": [{"id": 1, "text": "\\u00e9t\\u00e9 \\\\boxed{3}", "is_correct": false}, {"id": 2, "text": "x", "is_correct": true}], ' +
  '"labels": [false, true], "tag": ["HotpotQA", "bridge", "hard"], "source": null}';

/** A compact writer (separators=(",", ":")). */
export const COMPACT =
  '{"query":"What is 2+2?","gt":"4","solutions":[{"id":1,"text":"4","is_correct":true},{"id":2,"text":"5","is_correct":false}],"labels":[true,false],"tag":null,"source":"x"}';

export const MALFORMED = '{"query": "cut off here", "solutions": [{"id": 1, "te';

/** Builds a file from lines and explicit terminators, and its line ranges. */
export function buildFile(
  parts: ReadonlyArray<readonly [string, string]>,
  bom = false,
): {
  bytes: Buffer;
  lines: LineRanges;
  offsets: number[];
} {
  const chunks: Buffer[] = [];
  const offsets = [0];
  let pos = 0;
  parts.forEach(([text, terminator], i) => {
    const b = Buffer.from((bom && i === 0 ? "\ufeff" : "") + text + terminator, "utf8");
    chunks.push(b);
    pos += b.length;
    offsets.push(pos);
  });
  return { bytes: Buffer.concat(chunks), lines: new OffsetLineRanges(offsets), offsets };
}

/** Ranges of an arbitrary byte buffer, split after each `\n`. */
export function rangesOf(bytes: Buffer): LineRanges {
  const offsets = [0];
  let p = bytes.indexOf(0x0a);
  while (p >= 0) {
    offsets.push(p + 1);
    p = bytes.indexOf(0x0a, p + 1);
  }
  if (offsets[offsets.length - 1] !== bytes.length) offsets.push(bytes.length);
  return new OffsetLineRanges(offsets);
}
