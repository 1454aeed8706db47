import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CurationEdit } from "../../../schemas/src/records";
import { AuditTrail, type EditProvenance } from "../../../extension/src/curation/audit-trail";
import { carryCuration } from "../../../extension/src/curation/carry-curation";
import { CurationDocument } from "../../../extension/src/curation/curation-document";
import { rewriteLine } from "../../../extension/src/curation/line-rewriter";
import { rangesOf } from "./jsonl-fixtures";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "carry-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A row as label.py writes it (`json.dumps`, default separators). */
function row(query: string, solutions: Array<[number, string, boolean]>): string {
  const sols = solutions.map(
    ([id, text, ok]) => `{"id": ${id}, "text": ${JSON.stringify(text)}, "is_correct": ${ok}}`,
  );
  const labels = solutions.map(([, , ok]) => String(ok)).join(", ");
  return `{"query": ${JSON.stringify(query)}, "gt": "5", "solutions": [${sols.join(", ")}], "labels": [${labels}], "tag": null, "source": "fixture"}`;
}

const STEPS = "Add 2 and 3.\n\nThat is 5.\n\nAnswer: 5";
const ada: EditProvenance = { author: "ada", source: "human" };

async function curate(path: string, lines: string[], edits: CurationEdit[]): Promise<void> {
  const bytes = Buffer.from(lines.map((l) => `${l}\n`).join(""));
  await writeFile(path, bytes);
  const doc = await CurationDocument.open({ path, lines: rangesOf(bytes) });
  try {
    for (const edit of edits) await doc.applyEdit(edit, ada);
    expect((await doc.save()).kind).toBe("saved");
  } finally {
    await doc.close();
  }
}

/** What the new file should hold: its own lines with the person's edits laid over them. */
function withEdits(lines: string[], edits: CurationEdit[]): string {
  const out: Buffer[] = lines.map((l) => Buffer.from(l));
  for (const e of edits) out[e.line] = rewriteLine(out[e.line]!, e).text;
  return out.map((b) => `${b.toString()}\n`).join("");
}

describe("carryCuration", () => {
  it("lays a person's work onto a rerun's file where the solution's text is unchanged", async () => {
    await mkdir(join(dir, "kept"));
    const name = "gsm_debate_infer_labeled_by_Judge-7B.jsonl";
    const kept = join(dir, "kept", name);
    const fresh = join(dir, name);
    await curate(
      kept,
      [
        row("q1", [
          [1, STEPS, false],
          [2, "Answer: 6", true],
        ]),
        row("q2", [[1, "x", true]]),
        row("q1", [[1, "the repeat", false]]),
        row("q3", [[1, "gone in the rerun", true]]),
      ],
      [
        { type: "set-correct", line: 0, solutionId: 1, value: true },
        { type: "set-step-label", line: 0, solutionId: 1, step: 0, value: 1 },
        { type: "set-step-label", line: 0, solutionId: 1, step: 2, value: -1 },
        { type: "set-note", line: 0, solutionId: 2, value: "check the units" },
        { type: "set-note", line: 1, solutionId: null, value: "gt looks ambiguous" },
        { type: "set-correct", line: 2, solutionId: 1, value: true },
        { type: "set-step-label", line: 3, solutionId: 1, step: 0, value: 0 },
      ],
    );
    const keptBytes = await readFile(kept);
    // The rerun: rows in another order, q2's solution reworded, the judge changed two verdicts
    // (q1's solution 2, and the repeat, where it now agrees with the person), q3 gone.
    const freshLines = [
      row("q2", [[1, "x, reworded", true]]),
      row("q1", [
        [1, STEPS, false],
        [2, "Answer: 6", false],
      ]),
      row("q1", [[1, "the repeat", true]]),
    ];
    await writeFile(fresh, freshLines.map((l) => `${l}\n`).join(""));

    const report = await carryCuration({
      kept,
      fresh,
      jobId: "label-7",
      author: "fallback",
      now: () => new Date("2026-11-24T10:00:00.000Z"),
    });

    const carried: CurationEdit[] = [
      { type: "set-correct", line: 1, solutionId: 1, value: true },
      { type: "set-step-label", line: 1, solutionId: 1, step: 0, value: 1, separator: "\n\n" },
      { type: "set-step-label", line: 1, solutionId: 1, step: 2, value: -1, separator: "\n\n" },
      { type: "set-note", line: 1, solutionId: 2, value: "check the units" },
      { type: "set-note", line: 0, solutionId: null, value: "gt looks ambiguous" },
    ];
    expect(report).toEqual({ rows: 2, edits: 5, judgeChanges: 1, notCarried: 1 });
    expect(await readFile(fresh, "utf8")).toBe(
      withEdits(freshLines, [carried[4]!, ...carried.slice(0, 4)]),
    );
    // The person's version is untouched.
    expect((await readFile(kept)).equals(keptBytes)).toBe(true);

    const trail = await new AuditTrail(fresh).all();
    // The repeat's new verdict is the person's: not counted as the judge's change.
    expect(trail.slice(0, 1)).toEqual([
      expect.objectContaining({
        source: "judge",
        model: "Judge-7B",
        reason: "job label-7",
        query: "q1",
        line: 1,
        edit: { type: "set-correct", line: 1, solutionId: 2, value: false },
        before: true,
      }),
    ]);
    const reason = `carried over from ${name} when job label-7 replaced the file`;
    expect(trail.slice(1)).toEqual(
      [carried[4], ...carried.slice(0, 4)].map((edit): unknown =>
        expect.objectContaining({ source: "human", author: "ada", reason, edit }),
      ),
    );
    expect(trail).toHaveLength(6);
  });

  it("keeps the judge's own verdict as the one a rerun is compared with", async () => {
    // The person overruled the judge twice on the same solution; the judge's verdict is the
    // `before` of the first change, and a rerun giving that verdict again changed nothing.
    const kept = join(dir, "kept.jsonl");
    const fresh = join(dir, "fresh_labeled_by_J.jsonl");
    await curate(
      kept,
      [row("q", [[1, "t", false]])],
      [
        { type: "set-correct", line: 0, solutionId: 1, value: true },
        { type: "set-correct", line: 0, solutionId: 1, value: null },
      ],
    );
    const line = row("q", [[1, "t", false]]);
    await writeFile(fresh, `${line}\n`);
    const report = await carryCuration({ kept, fresh, author: "x" });
    expect(report).toEqual({ rows: 1, edits: 1, judgeChanges: 0, notCarried: 0 });
    expect(await readFile(fresh, "utf8")).toBe(
      withEdits([line], [{ type: "set-correct", line: 0, solutionId: 1, value: null }]),
    );
  });

  it("reads the kept trail's entries about this version of the file only", async () => {
    // Entries before the file last came down, or about another row that line once held, are
    // not the person's work on this file.
    const kept = join(dir, "kept.jsonl");
    const fresh = join(dir, "fresh_labeled_by_J.jsonl");
    const lines = [row("q", [[1, "t", false]]), row("r", [[1, "u", false]])];
    await writeFile(kept, lines.map((l) => `${l}\n`).join(""));
    const entry = (time: string, query: string, line: number) => ({
      time,
      author: "old",
      source: "human" as const,
      query,
      line,
      edit: { type: "set-correct" as const, line, solutionId: 1, value: true },
      before: false,
    });
    await new AuditTrail(kept).append([
      entry("2026-01-01T00:00:00.000Z", "q", 0),
      entry("2026-03-01T00:00:00.000Z", "another row", 1),
    ]);
    const next = [row("q", [[1, "t", true]]), row("r", [[1, "u", true]])];
    await writeFile(fresh, next.map((l) => `${l}\n`).join(""));
    const report = await carryCuration({
      kept,
      fresh,
      author: "x",
      trailSince: "2026-02-01T00:00:00.000Z",
    });
    // No verdict of a person to carry: the judge's two changes stand, and are audited.
    expect(report).toEqual({ rows: 0, edits: 0, judgeChanges: 2, notCarried: 0 });
    expect(await readFile(fresh, "utf8")).toBe(next.map((l) => `${l}\n`).join(""));
  });

  it("changes nothing and writes no trail when there is nothing to carry", async () => {
    const kept = join(dir, "kept.jsonl");
    const fresh = join(dir, "fresh.jsonl");
    const text = `${row("q", [[1, "t", true]])}\nnot json\n`;
    await writeFile(kept, text);
    await writeFile(fresh, text);
    expect(await carryCuration({ kept, fresh, author: "x" })).toEqual({
      rows: 0,
      edits: 0,
      judgeChanges: 0,
      notCarried: 0,
    });
    expect(await readFile(fresh, "utf8")).toBe(text);
    expect(await new AuditTrail(fresh).all()).toEqual([]);
  });
});
