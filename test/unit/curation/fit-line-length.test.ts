import { describe, expect, it } from "vitest";
import { fitLineLength, MAX_PADDING } from "../../../extension/src/curation/fit-line-length";
import { COMPACT, LABELED } from "./jsonl-fixtures";

const fit = (line: string, length: number) =>
  fitLineLength(Buffer.from(line, "utf8"), length)?.toString("utf8");
const bytes = (s: string) => Buffer.byteLength(s, "utf8");

describe("fitLineLength", () => {
  it("pads a shorter row with spaces before its closing brace", () => {
    const shorter = LABELED.replace('"is_correct": false', '"is_correct": true');
    const out = fit(shorter, bytes(LABELED))!;
    expect(bytes(out)).toBe(bytes(LABELED));
    expect(out.endsWith('"source": "GSM8K" }')).toBe(true);
    expect(JSON.parse(out)).toEqual(JSON.parse(shorter));
  });

  it("takes a longer row's whitespace from its end, never from inside a string", () => {
    // The texts hold spaces, escaped quotes and a colon: none of them may go.
    const row =
      '{"query": "a \\" b: c, d", "gt": "x y", "solutions": [{"id": 1, "text": "p q \\\\", "is_correct": false}], "labels": [false], "source": "s t"}';
    const out = fit(row, bytes(row) - 3)!;
    expect(out).toBe(
      '{"query": "a \\" b: c, d", "gt": "x y", "solutions": [{"id": 1, "text": "p q \\\\", "is_correct": false}], "labels":[false],"source":"s t"}',
    );
    expect(JSON.parse(out)).toEqual(JSON.parse(row));
  });

  it("takes earlier padding back first, so a row can shrink and grow again", () => {
    const second = (v: string) => `96. \\\\boxed{96}", "is_correct": ${v}`;
    const shorter = LABELED.replace(second("false"), second("true"));
    const padded = fit(shorter, bytes(LABELED))!;
    const grown = padded.replace(second("true"), second("false"));
    expect(fit(grown, bytes(LABELED))).toBe(LABELED);
  });

  it("gives up on a compact row that grew, and on more padding than it allows", () => {
    const grown = COMPACT.replace('"is_correct":true', '"is_correct":false');
    expect(fit(grown, bytes(COMPACT))).toBeUndefined();
    expect(fit(COMPACT, bytes(COMPACT) + MAX_PADDING)).toBe(
      COMPACT.slice(0, -1) + " ".repeat(MAX_PADDING) + "}",
    );
    expect(fit(COMPACT, bytes(COMPACT) + MAX_PADDING + 1)).toBeUndefined();
    // Padding from earlier saves counts: rows that keep shrinking do not pile up blanks.
    const padded = fit(COMPACT, bytes(COMPACT) + MAX_PADDING - 10)!;
    expect(fit(padded, bytes(padded) + 10)).toBe(fit(COMPACT, bytes(COMPACT) + MAX_PADDING));
    expect(fit(padded, bytes(padded) + 11)).toBeUndefined();
  });

  it("keeps a byte-order mark and multi-byte text as they are", () => {
    const row = `\ufeff{"query": "Für Mai: ☃", "gt": "1", "tag": null}`;
    const out = fitLineLength(Buffer.from(row), bytes(row) - 2)!;
    expect(out.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
    expect(out.toString("utf8")).toBe(`\ufeff{"query": "Für Mai: ☃", "gt": "1","tag":null}`);
  });
});
