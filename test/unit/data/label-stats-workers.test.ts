// The curation editor's label figures: the fast streaming count (on worker threads that load the
// built dist/stats-worker.js entry, or on one thread) must show what the editor's record
// scan shows for the same file, and must fall back to one thread when the workers cannot run.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMPTY_FILTER, type ToWebview } from "../../../schemas/src/webview-protocol";
import {
  CurationSession,
  type SessionActions,
} from "../../../extension/src/curation-editor/curation-session";
import { CurationStats } from "../../../extension/src/curation-editor/curation-stats";
import {
  fileLabelStats,
  labelFiguresPayload,
} from "../../../extension/src/curation-editor/file-label-stats";
import { labelStats, PARALLEL_MIN } from "../../../extension/src/data/label-stats";
import { labelStatsParallel } from "../../../extension/src/data/label-stats-parallel";
import { parseRecord } from "../../../extension/src/data/parse-record";
import { buildStatsWorker } from "../stats-worker-bundle";
import { HTTP_INFER, INFER, LABELED, TRAJECTORY, sampleLines } from "./samples";

let dir: string;
let worker: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "label-stats-workers-"));
  worker = await buildStatsWorker(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every sample kind, a single-answer row, a malformed and a blank line. */
function mixedLines(): string[] {
  const single = JSON.stringify({
    query: "One answer",
    gt: "1",
    solutions: [{ id: 3, text: "It is 1. \\boxed{1}", is_correct: true }],
    labels: [true],
  });
  return [
    ...sampleLines(LABELED),
    ...sampleLines(INFER),
    ...sampleLines(TRAJECTORY),
    ...sampleLines(HTTP_INFER),
    single,
    '{"query": "cut',
    "",
  ];
}

/** A labeled row with every verdict turned over, as toggling each solution in the editor does. */
function flipped(line: string): string {
  const row = JSON.parse(line) as { labels: boolean[]; solutions: { is_correct: boolean }[] };
  row.labels = row.labels.map((l) => !l);
  for (const s of row.solutions) s.is_correct = !s.is_correct;
  return JSON.stringify(row);
}

/** The lines' bytes on disk and as edited, as the editor hands them to fileLabelStats. */
function editsOf(lines: readonly string[], edits: ReadonlyMap<number, string>) {
  return {
    onDisk: [...edits.keys()].map((line) => Buffer.from(lines[line]!)),
    edited: [...edits.values()].map((text) => Buffer.from(text)),
  };
}

/** A copy of `file` (whose lines are `lines`) with the edits saved. */
function withEdits(file: string, lines: readonly string[], edits: ReadonlyMap<number, string>) {
  const out = `${file}.saved.jsonl`;
  writeFileSync(out, `${lines.map((text, i) => edits.get(i) ?? text).join("\n")}\n`);
  return out;
}

/** What the Stats view ends with: every line parsed in full and counted (the empty filter). */
function scanFigures(lines: readonly string[]) {
  const stats = new CurationStats();
  lines.forEach((text, i) => stats.add(parseRecord(i, text, { separator: "\n\n" })));
  const r = stats.result(false);
  return {
    records: r.records,
    perAgent: r.perAgent,
    perSolutionId: r.perSolutionId,
    solutions: [r.labelProgress.solutionsLabeled, r.labelProgress.solutionsTotal],
  };
}

function fastFigures(stats: Awaited<ReturnType<typeof labelStats>>) {
  const r = labelFiguresPayload(stats);
  return {
    records: r.records,
    perAgent: r.perAgent,
    perSolutionId: r.perSolutionId,
    solutions: [r.labelProgress.solutionsLabeled, r.labelProgress.solutionsTotal],
  };
}

describe("the curation editor's label figures", () => {
  it("equal the record scan's figures on every kind of row", async () => {
    const lines = mixedLines();
    const file = join(dir, "mixed.jsonl");
    writeFileSync(file, `${lines.join("\n")}\n`);
    const expected = scanFigures(lines);
    expect(expected.perAgent.map((a) => a.agent)).toContain("solution 3");
    expect(fastFigures(await labelStats(file, { unnamedAgentsById: true }))).toEqual(expected);
  });

  it("are the same counted on worker threads loading the worker bundle", async () => {
    const lines = mixedLines();
    const file = join(dir, "many.jsonl");
    writeFileSync(file, `${Array.from({ length: 40 }, () => lines.join("\n")).join("\n")}\n`);
    const { size } = await import("node:fs").then((fs) => fs.statSync(file));
    const options = { unnamedAgentsById: true };
    const parallel = await labelStatsParallel(file, size, { script: worker, count: 3 }, options);
    expect(parallel).toEqual(await labelStats(file, options));
    expect(parallel.byAgent["solution 3"]?.total).toBe(40);
  });

  it("count lines with unsaved edits as edited", async () => {
    const lines = mixedLines();
    const single = lines.length - 3;
    const edits = new Map([
      [0, flipped(lines[0]!)],
      [single, lines[single]!.replace('"id": 3', '"id": 4').replace('"id":3', '"id":4')],
    ]);
    expect(edits.get(single)).not.toBe(lines[single]);
    const file = join(dir, "edited.jsonl");
    writeFileSync(file, `${lines.join("\n")}\n`);
    const result = await fileLabelStats(file, worker, undefined, editsOf(lines, edits));
    expect(result.editedLines).toBe(2);
    const expected = await labelStats(withEdits(file, lines, edits), {
      unnamedAgentsById: true,
      maxListed: 0,
    });
    // The only unnamed solution with id 3 now has id 4: its tally is gone, not left at zero.
    expect(expected.byAgent["solution 3"]).toBeUndefined();
    expect(expected.byAgent["solution 4"]?.total).toBe(1);
    expect(result.stats).toEqual(expected);
  });

  describe("on a file past the size that takes threads", () => {
    let big: string;
    beforeAll(() => {
      const block = `${mixedLines().join("\n")}\n`;
      const copies = Math.ceil(PARALLEL_MIN / Buffer.byteLength(block)) + 1;
      big = join(dir, "big.jsonl");
      writeFileSync(big, block.repeat(copies));
    });

    it("counts on worker threads", async () => {
      const result = await fileLabelStats(big, worker);
      expect(result.threads).toBeGreaterThan(1);
      expect(result.fallback).toBeUndefined();
      expect(result.stats).toEqual(
        await labelStats(big, { unnamedAgentsById: true, maxListed: 0 }),
      );
    });

    it("counts unsaved edits in every range as edited, on worker threads", async () => {
      const block = mixedLines();
      const copies = Math.ceil(PARALLEL_MIN / Buffer.byteLength(`${block.join("\n")}\n`)) + 1;
      const lines = Array.from({ length: copies }, () => block).flat();
      // The first line, one in each range of a 2-4 thread split, and the last labeled row.
      const picks = [0, 0.26, 0.51, 0.76, 0.99].map(
        (f) => Math.floor((f * lines.length) / block.length) * block.length,
      );
      const edits = new Map(picks.map((line) => [line, flipped(lines[line]!)]));
      const result = await fileLabelStats(big, worker, undefined, editsOf(lines, edits));
      expect(result.threads).toBeGreaterThan(1);
      expect(result.editedLines).toBe(picks.length);
      const expected = await labelStats(withEdits(big, lines, edits), {
        unnamedAgentsById: true,
        maxListed: 0,
      });
      expect(expected.solutions).not.toEqual(
        (await labelStats(big, { unnamedAgentsById: true, maxListed: 0 })).solutions,
      );
      expect(result.stats).toEqual(expected);
    });

    it("falls back to this thread, with the same figures, when the workers cannot start", async () => {
      const result = await fileLabelStats(big, join(dir, "missing-worker.js"));
      expect(result.threads).toBe(1);
      expect(result.fallback).toMatch(/missing-worker\.js|Cannot find module/);
      expect(result.stats).toEqual(
        await labelStats(big, { unnamedAgentsById: true, maxListed: 0 }),
      );
    });
  });

  it.each([
    ["shows them first, then the scan's figures once it is done", true],
    ["streams the scan's partial figures when there are none (joined labels)", false],
  ])("the Stats view %s", async (_what, fast) => {
    // Over 2,000 lines: the scan reads 2,000 at a time, so it has partial figures to report.
    const lines = Array.from({ length: 20 }, () => mixedLines().slice(0, -1)).flat();
    const file = join(dir, "session.jsonl");
    writeFileSync(file, `${lines.join("\n")}\n`);
    const posted: ToWebview[] = [];
    const logged: string[] = [];
    const session = new CurationSession(
      {
        count: lines.length,
        readRecords: (from, count) =>
          Promise.resolve(
            lines
              .slice(from, from + count)
              .map((raw, i) => ({ raw, view: parseRecord(from + i, raw, { separator: "\n\n" }) })),
          ),
        reviewed: () => [],
        fileLabelStats: () => (fast ? fileLabelStats(file, worker) : Promise.resolve(undefined)),
      },
      { log: (_level: string, message: string) => void logged.push(message) } as SessionActions,
      (m) => posted.push(m),
      () => ({ stepSeparator: "\n\n", prmThreshold: 0, author: "ada" }),
    );
    await session.handle({ type: "requestStats", requestId: 7, filter: EMPTY_FILTER });
    const stats = posted.flatMap((m) => (m.type === "stats" ? [m.stats] : []));
    const last = stats.at(-1)!;
    expect(last.complete).toBe(true);
    expect(last.records).toBe(lines.length);
    const partial = stats.slice(0, -1);
    if (fast) {
      expect(partial).toHaveLength(1);
      expect(partial[0]!.records).toBe(lines.length);
      expect(partial[0]!.perAgent).toEqual(last.perAgent);
      expect(partial[0]!.perSolutionId).toEqual(last.perSolutionId);
      expect(partial[0]!.labelProgress.solutionsLabeled).toBe(last.labelProgress.solutionsLabeled);
      expect(logged.join("\n")).toMatch(
        new RegExp(`label statistics of ${lines.length} lines on this thread in \\d+ ms`),
      );
    } else {
      expect(partial.map((p) => p.records)).toEqual([2000, lines.length]);
      expect(logged).toEqual([]);
    }
  });
});
