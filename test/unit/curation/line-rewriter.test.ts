import { describe, expect, it } from "vitest";
import type { CurationEdit } from "../../../schemas/src/records";
import { JsonLineError, rewriteLine } from "../../../extension/src/curation/line-rewriter";
import { COMPACT, ESCAPED, LABELED, MALFORMED } from "./jsonl-fixtures";

const buf = (s: string) => Buffer.from(s, "utf8");

/** Bytes that differ between a and b, as [start, endInA, endInB] around the change. */
function changedWindow(a: Buffer, b: Buffer): { prefix: number; suffix: number } {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  )
    suffix++;
  return { prefix, suffix };
}

describe("set-correct", () => {
  it("swaps only the is_correct and labels tokens of the solution with that id", () => {
    const line = buf(LABELED);
    const r = rewriteLine(line, { type: "set-correct", line: 0, solutionId: 2, value: true });
    expect(r.before).toBe(false);
    expect(r.inverse).toEqual({ type: "set-correct", line: 0, solutionId: 2, value: false });
    expect(r.text.toString()).toBe(
      LABELED.replace('96}", "is_correct": false}', '96}", "is_correct": true}').replace(
        '"labels": [true, false, true]',
        '"labels": [true, true, true]',
      ),
    );
    const row = JSON.parse(r.text.toString()) as {
      solutions: { is_correct: boolean }[];
      labels: boolean[];
    };
    expect(row.labels).toEqual(row.solutions.map((s) => s.is_correct));
  });

  it("matches the solution by id, not by position", () => {
    const line = buf(COMPACT.replace('"id":1', '"id":7'));
    const r = rewriteLine(line, { type: "set-correct", line: 0, solutionId: 7, value: false });
    const row = JSON.parse(r.text.toString()) as { labels: boolean[] };
    expect(row.labels).toEqual([false, false]);
    expect(() =>
      rewriteLine(line, { type: "set-correct", line: 0, solutionId: 1, value: true }),
    ).toThrow(JsonLineError);
  });

  it("keeps number spellings, NaN/Infinity and \\u escapes of the rest of the line", () => {
    const line = buf(ESCAPED);
    const r = rewriteLine(line, { type: "set-correct", line: 0, solutionId: 1, value: null });
    const out = r.text.toString();
    expect(out).toContain('"score": 1.0, "lr": 1e-05, "neg": -0.0, "bad": NaN');
    expect(out).toContain('"query": "Caf\\u00e9 au lait costs \\u20ac3"');
    expect(out).toContain('"is_correct": null}');
    expect(out).toContain('"labels": [null, true]');
  });

  it("gives back the original bytes when undone", () => {
    const line = buf(LABELED);
    const r = rewriteLine(line, { type: "set-correct", line: 0, solutionId: 3, value: false });
    expect(rewriteLine(r.text, r.inverse).text.equals(line)).toBe(true);
  });
});

describe("agentark_studio block", () => {
  it("inserts the block before the final brace in Python's separator style", () => {
    const edit: CurationEdit = {
      type: "set-step-label",
      line: 0,
      solutionId: 1,
      step: 1,
      value: -1,
    };
    const r = rewriteLine(buf(LABELED), edit);
    expect(r.before).toBeNull();
    expect(r.text.toString()).toBe(
      LABELED.slice(0, -1) + ', "agentark_studio": {"step_labels": {"1": [null, -1]}}}',
    );
  });

  it("inserts in compact style on compact lines, and into an empty object", () => {
    const edit: CurationEdit = { type: "set-note", line: 0, solutionId: null, value: "ok" };
    expect(rewriteLine(buf(COMPACT), edit).text.toString()).toBe(
      COMPACT.slice(0, -1) + ',"agentark_studio":{"note":"ok"}}',
    );
    expect(rewriteLine(buf("{}"), edit).text.toString()).toBe(
      '{"agentark_studio": {"note": "ok"}}',
    );
  });

  it("replaces only the block's value when it is present", () => {
    const first = rewriteLine(buf(LABELED), {
      type: "set-step-label",
      line: 0,
      solutionId: 3,
      step: 0,
      value: 1,
    }).text;
    const second = rewriteLine(first, {
      type: "set-step-label",
      line: 0,
      solutionId: 3,
      step: 1,
      value: "unsure",
    });
    expect(second.before).toBeNull();
    const { prefix } = changedWindow(first, second.text);
    expect(prefix).toBeGreaterThan(LABELED.length - 2);
    expect(
      second.text.toString().endsWith('"agentark_studio": {"step_labels": {"3": [1, "unsure"]}}}'),
    ).toBe(true);
  });

  it("writes notes ASCII-escaped on ensure_ascii lines and raw UTF-8 on label.py lines", () => {
    const edit: CurationEdit = {
      type: "set-note",
      line: 0,
      solutionId: 2,
      value: "unité fausse €",
    };
    expect(rewriteLine(buf(ESCAPED), edit).text.toString()).toContain(
      '"agentark_studio": {"notes": {"2": "unit\\u00e9 fausse \\u20ac"}}}',
    );
    expect(rewriteLine(buf(LABELED), edit).text.toString()).toContain(
      '"agentark_studio": {"notes": {"2": "unité fausse €"}}}',
    );
  });

  it("removes the block again when the last label or note is undone", () => {
    const original = buf(ESCAPED);
    const edits: CurationEdit[] = [
      { type: "set-step-label", line: 0, solutionId: 1, step: 2, value: 0 },
      { type: "set-note", line: 0, solutionId: null, value: "gt looks wrong" },
      { type: "set-correct", line: 0, solutionId: 2, value: false },
      { type: "set-step-label", line: 0, solutionId: 1, step: 0, value: 1 },
    ];
    let text: Buffer = original;
    const inverses: CurationEdit[] = [];
    for (const e of edits) {
      const r = rewriteLine(text, e);
      inverses.unshift(r.inverse);
      text = r.text;
    }
    expect(text.equals(original)).toBe(false);
    for (const inv of inverses) text = rewriteLine(text, inv).text;
    expect(text.toString()).toBe(ESCAPED);
  });

  it("pins each solution's separator with its first label, and drops it with its last", () => {
    const label = (
      solutionId: number,
      step: number,
      value: 1 | -1 | null,
      separator?: string,
    ): CurationEdit => ({
      type: "set-step-label",
      line: 0,
      solutionId,
      step,
      value,
      ...(separator === undefined ? {} : { separator }),
    });
    const first = rewriteLine(buf(ESCAPED), label(1, 0, 1, "\n"));
    expect(first.text.toString()).toContain(
      '"agentark_studio": {"step_labels": {"1": [1]}, "separators": {"1": "\\n"}}',
    );
    // Later labels keep the pinned separator, whatever the setting says now; another solution
    // pins its own (a sidecar scores each solution on its own separator), the default not at all.
    const second = rewriteLine(first.text, label(1, 1, -1, ";"));
    const third = rewriteLine(second.text, label(2, 0, 1, "\n\n"));
    expect(third.text.toString()).toContain(
      '"agentark_studio": {"step_labels": {"1": [1, -1], "2": [1]}, "separators": {"1": "\\n"}}',
    );
    // Clearing the last labels leaves the line as it was.
    let cleared = third.text;
    for (const e of [label(2, 0, null), label(1, 1, null), label(1, 0, null)])
      cleared = rewriteLine(cleared, e).text;
    expect(cleared.toString()).toBe(ESCAPED);
  });

  it("keeps a UTF-8 BOM and bytes that are not valid UTF-8 outside the edited spans", () => {
    const line = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      buf('{"query": "'),
      Buffer.from([0xff, 0xfe]),
      buf('", "solutions": [{"id": 1, "text": "a", "is_correct": true}], "labels": [true]}'),
    ]);
    const r = rewriteLine(line, { type: "set-correct", line: 0, solutionId: 1, value: false });
    expect(r.text.subarray(0, 14).equals(line.subarray(0, 14))).toBe(true);
    expect(rewriteLine(r.text, r.inverse).text.equals(line)).toBe(true);
  });
});

describe("errors", () => {
  it("refuses malformed lines and rows without solutions", () => {
    expect(() =>
      rewriteLine(buf(MALFORMED), { type: "set-correct", line: 0, solutionId: 1, value: true }),
    ).toThrow(JsonLineError);
    expect(() =>
      rewriteLine(buf('{"query": "q", "response": "r"}'), {
        type: "set-correct",
        line: 0,
        solutionId: 1,
        value: true,
      }),
    ).toThrow(/solutions/);
    expect(() =>
      rewriteLine(buf('{"a": 1} x'), { type: "set-note", line: 0, solutionId: null, value: "n" }),
    ).toThrow(JsonLineError);
  });

  it("refuses labels and notes for a solution the row does not have, and absurd step indexes", () => {
    const line = buf(LABELED);
    expect(() =>
      rewriteLine(line, { type: "set-step-label", line: 0, solutionId: 9, step: 0, value: 1 }),
    ).toThrow(/no solution with id 9/);
    expect(() =>
      rewriteLine(line, { type: "set-note", line: 0, solutionId: 9, value: "x" }),
    ).toThrow(/no solution with id 9/);
    expect(() =>
      rewriteLine(line, { type: "set-step-label", line: 0, solutionId: 1, step: 1e9, value: 1 }),
    ).toThrow(/not a step index/);
    const inference = buf('{"query": "q", "solutions": [], "response": "Solution 1:\\nx"}');
    const r = rewriteLine(inference, {
      type: "set-step-label",
      line: 0,
      solutionId: 1,
      step: 0,
      value: -1,
    });
    expect(r.text.toString()).toContain('"agentark_studio": {"step_labels": {"1": [-1]}}}');
  });
});
