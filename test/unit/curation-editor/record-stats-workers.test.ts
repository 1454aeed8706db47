// The Stats view's full figures on worker threads (dist/stats-worker.js) must be the figures the
// session's own scan shows for the same file, filter, sidecar scores and reviewed verdicts.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stepScoresPathFor } from "../../../schemas/src/records";
import {
  EMPTY_FILTER,
  type RecordFilter,
  type ToWebview,
} from "../../../schemas/src/webview-protocol";
import {
  CurationSession,
  type RecordSource,
  type SessionActions,
} from "../../../extension/src/curation-editor/curation-session";
import type { ReviewedVerdict } from "../../../extension/src/curation-editor/curation-stats";
import { fileRecordStats } from "../../../extension/src/curation-editor/file-record-stats";
import { LineIndex } from "../../../extension/src/data/line-index";
import { parseRecord } from "../../../extension/src/data/parse-record";
import { StepScoreIndex } from "../../../extension/src/data/step-score-index";
import { HTTP_INFER, INFER, LABELED, STEP_SCORES, TRAJECTORY, sampleLines } from "../data/samples";
import { buildStatsWorker } from "../stats-worker-bundle";

const SEPARATOR = "\n\n";
const THRESHOLD = 0.5;

let dir: string;
let worker: string;
let file: string;
let index: LineIndex;
let scores: StepScoreIndex;
let reviewed: Map<string, ReviewedVerdict[]>;

/** Every sample kind, and the awkward lines: malformed, blank, CRLF, invalid UTF-8. */
function fileBytes(): Buffer {
  const lines = [
    ...sampleLines(LABELED),
    ...sampleLines(INFER),
    ...sampleLines(TRAJECTORY),
    ...sampleLines(HTTP_INFER),
  ];
  const block = Buffer.concat([
    Buffer.from(`${lines.join("\n")}\n{"query": "cut\n\n`),
    Buffer.from(`${sampleLines(LABELED)[0]}\r\n`),
    Buffer.from('{"query": "bad byte \xff here", "gt": "1"}\n', "latin1"),
  ]);
  // A BOM first; many copies so each of the threads' ranges holds several records.
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), ...Array<Buffer>(30).fill(block)]);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "record-stats-workers-"));
  worker = await buildStatsWorker(dir);
  file = join(dir, "llm_debate_infer_labeled_by_judge.jsonl");
  writeFileSync(file, fileBytes());
  copyFileSync(STEP_SCORES, stepScoresPathFor(file));
  scores = await StepScoreIndex.load(stepScoresPathFor(file));
  expect(scores.size).toBeGreaterThan(0);
  index = await LineIndex.open(file);
  await index.build();
  // Two corrected queries: one where the human overruled the judge, one where they agreed.
  const [first, second] = sampleLines(LABELED).map((t) => parseRecord(0, t).query);
  reviewed = new Map([
    [first!, [{ judge: true, human: false }]],
    [second!, [{ judge: false, human: false }]],
  ]);
});
afterAll(async () => {
  await index.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A session over the indexed file, as the editor builds one; `fast` the worker-thread way. */
function sessionFor(fast: RecordSource["recordStats"]) {
  const posted: ToWebview[] = [];
  const logged: string[] = [];
  const source: RecordSource = {
    count: index.lineCount,
    readRecords: async (from, count) =>
      (await index.readLines(from, count)).map((raw, i) => ({
        raw,
        view: parseRecord(from + i, raw, { separator: SEPARATOR, stepScores: scores }),
      })),
    reviewed: (query) => reviewed.get(query) ?? [],
    ...(fast ? { recordStats: fast } : {}),
  };
  const session = new CurationSession(
    source,
    { log: (_level: string, message: string) => void logged.push(message) } as SessionActions,
    (m) => posted.push(m),
    () => ({ stepSeparator: SEPARATOR, prmThreshold: THRESHOLD, author: "ada" }),
  );
  const stats = (requestId: number) =>
    posted.flatMap((m) => (m.type === "stats" && m.requestId === requestId ? [m.stats] : []));
  return { session, stats, logged };
}

async function statsOf(fast: RecordSource["recordStats"], filter: RecordFilter) {
  const { session, stats, logged } = sessionFor(fast);
  await session.handle({ type: "requestStats", requestId: 1, filter });
  const all = stats(1);
  expect(all.at(-1)?.complete).toBe(true);
  return { last: all.at(-1)!, logged };
}

const onWorkers =
  (threads: number, script = () => worker): RecordSource["recordStats"] =>
  async (filter, prmThreshold, signal) => {
    const start = index.span(0).start;
    const end = index.span(index.lineCount - 1).end + 1;
    const job = {
      path: file,
      start,
      end,
      separator: SEPARATOR,
      stepScoresPath: stepScoresPathFor(file),
      filter,
      prmThreshold,
      reviewed: [...reviewed],
    };
    const result = await fileRecordStats(job, script(), signal);
    return { ...result, threads };
  };

describe("the Stats view's figures on worker threads", () => {
  const filters: [string, RecordFilter][] = [
    ["no filter", EMPTY_FILTER],
    ["mixed verdicts", { ...EMPTY_FILTER, verdict: "mixed" }],
    ["unlabeled", { ...EMPTY_FILTER, verdict: "unlabeled" }],
    ["errors", { ...EMPTY_FILTER, errorsOnly: true }],
    ["judge and human disagree", { ...EMPTY_FILTER, disagreeOnly: true }],
    ["a low PRM score", { ...EMPTY_FILTER, lowPrm: true }],
    ["an agent", { ...EMPTY_FILTER, agent: "agent 2" }],
    ["a solution id and text", { ...EMPTY_FILTER, solutionId: 3, text: "MARBLES" }],
  ];

  it.each(filters)("equal the session's scan with %s", async (_what, filter) => {
    const scan = await statsOf(undefined, filter);
    const fast = await statsOf(onWorkers(3), filter);
    expect(fast.last).toEqual(scan.last);
    expect(fast.logged.join("\n")).toMatch(/record statistics of \d+ records on 3 worker threads/);
  });

  it("cover what the file holds: steps, scores, rounds and a disagreement", async () => {
    const { last } = await statsOf(onWorkers(3), EMPTY_FILTER);
    expect(last.records).toBe(index.lineCount);
    expect(last.labelProgress.stepsTotal).toBeGreaterThan(0);
    expect(last.prmHistogram.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(last.answerChanges.length).toBeGreaterThan(0);
    // Each record of a corrected query adds its verdicts: [judge][human].
    const texts = await index.readLines(0, index.lineCount);
    const holding = (q: string) => texts.filter((t) => parseRecord(0, t).query === q).length;
    const [overruled, agreed] = [...reviewed.keys()].map(holding);
    expect(overruled).toBeGreaterThan(30);
    expect(last.agreement).toEqual([
      [agreed, 0],
      [overruled, 0],
    ]);
  });

  it("fall back to the scan, with a warning, when the workers cannot start", async () => {
    const scan = await statsOf(undefined, EMPTY_FILTER);
    const broken = await statsOf(
      onWorkers(2, () => join(dir, "missing-worker.js")),
      EMPTY_FILTER,
    );
    expect(broken.last).toEqual(scan.last);
    expect(broken.logged.join("\n")).toMatch(/record statistics on worker threads failed/);
  });

  it("end a request's work when a newer one comes, and post nothing for it", async () => {
    let started!: () => void;
    const waiting = new Promise<void>((resolve) => (started = resolve));
    const held: RecordSource["recordStats"] = (_filter, _threshold, signal) => {
      started();
      return new Promise((_resolve, reject) =>
        signal.addEventListener("abort", () => reject(new Error("aborted"))),
      );
    };
    const { session, stats } = sessionFor(held);
    const first = session.handle({ type: "requestStats", requestId: 1, filter: EMPTY_FILTER });
    await waiting;
    const second = session.handle({ type: "requestStats", requestId: 2, filter: EMPTY_FILTER });
    await first;
    expect(stats(1)).toEqual([]);
    session.dispose();
    await second;
    expect(stats(2)).toEqual([]);
  });
});
