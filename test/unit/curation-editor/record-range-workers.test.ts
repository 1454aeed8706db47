// The Stats view's full figures and the record list's filter on worker threads (dist/stats-worker.js)
// must be what the session's own scan shows for the same file, filter, sidecar scores and
// reviewed verdicts.
import {
  appendFileSync,
  copyFileSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
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
import type { RecordRangeJob } from "../../../extension/src/curation-editor/record-range";
import {
  parallelFilter,
  recordStatsParallel,
} from "../../../extension/src/curation-editor/record-range-parallel";
import { LineIndex } from "../../../extension/src/data/line-index";
import { parseRecord } from "../../../extension/src/data/parse-record";
import { StepScoreIndex } from "../../../extension/src/data/step-score-index";
import { HTTP_INFER, INFER, LABELED, STEP_SCORES, TRAJECTORY, sampleLines } from "../data/samples";
import { buildStatsWorker } from "../stats-worker-bundle";

// Each test parses the whole file more than once, on this thread and on workers.
vi.setConfig({ testTimeout: 30_000 });

const SEPARATOR = "\n\n";
const LAST_QUERY = "the very last record of the file";
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
  // A BOM first; many copies so each of the threads' ranges holds several records; last, a
  // record only a text search finds.
  return Buffer.concat([
    Buffer.from([0xef, 0xbb, 0xbf]),
    ...Array<Buffer>(30).fill(block),
    Buffer.from(`${JSON.stringify({ query: LAST_QUERY, gt: "1" })}\n`),
  ]);
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
    [first!, [{ solutionId: 1, judge: true, human: false }]],
    [second!, [{ solutionId: 1, judge: false, human: false }]],
  ]);
});
afterAll(async () => {
  await index.close();
  rmSync(dir, { recursive: true, force: true });
});

type Fast = Pick<RecordSource, "recordStats" | "filterOnWorkers">;

/** Unsaved edits: line → its text with them (the file on disk keeps the old bytes). */
let edits = new Map<number, string>();

/** A session over the indexed file, as the editor builds one; `fast` the worker-thread ways. */
function sessionFor(fast: Fast = {}) {
  const posted: ToWebview[] = [];
  const logged: string[] = [];
  const source: RecordSource = {
    count: index.lineCount,
    readRecords: async (from, count) =>
      (await index.readLines(from, count)).map((onDisk, i) => {
        const raw = edits.get(from + i) ?? onDisk;
        return {
          raw,
          view: parseRecord(from + i, raw, { separator: SEPARATOR, stepScores: scores }),
        };
      }),
    reviewed: (query) => reviewed.get(query) ?? [],
    ...fast,
  };
  const session = new CurationSession(
    source,
    { log: (_level: string, message: string) => void logged.push(message) } as SessionActions,
    (m) => posted.push(m),
    () => ({ stepSeparator: SEPARATOR, prmThreshold: THRESHOLD, author: "ada" }),
  );
  const stats = (requestId: number) =>
    posted.flatMap((m) => (m.type === "stats" && m.requestId === requestId ? [m.stats] : []));
  return { session, posted, stats, logged };
}

async function statsOf(fast: Fast, filter: RecordFilter) {
  const { session, stats, logged } = sessionFor(fast);
  await session.handle({ type: "requestStats", requestId: 1, filter });
  const all = stats(1);
  expect(all.at(-1)?.complete).toBe(true);
  return { last: all.at(-1)!, logged };
}

/** The record list's result for a filter: the matching lines, in order. */
async function linesOf(fast: Fast, filter: RecordFilter) {
  const { session, posted, logged } = sessionFor(fast);
  await session.handle({ type: "query", queryId: 1, filter });
  const result = posted.filter((m) => m.type === "queryResult").at(-1);
  expect(result).toMatchObject({ complete: true });
  const total = result!.type === "queryResult" ? result!.total : 0;
  await session.handle({ type: "requestPage", queryId: 1, start: 0, count: total });
  const page = posted.find((m) => m.type === "page");
  const lines = page?.type === "page" ? page.items.map((i) => i.line) : [];
  expect(lines).toHaveLength(total);
  return { lines, logged };
}

/** The whole file as a job for worker threads, as the editor builds it. */
function jobFor(filter: RecordFilter, prmThreshold: number): RecordRangeJob {
  return {
    path: file,
    start: index.span(0).start,
    end: index.span(index.lineCount - 1).end + 1,
    firstLine: 0,
    separator: SEPARATOR,
    stepScores: { path: stepScoresPathFor(file), stamp: scores.stamp! },
    filter,
    prmThreshold,
    reviewed: [...reviewed],
    skipLines: [...edits.keys()].sort((a, b) => a - b),
  };
}

const statsOnWorkers = (threads: number, script = () => worker): Fast => ({
  recordStats: async (filter, prmThreshold, signal) => {
    const started = performance.now();
    const job = jobFor(filter, prmThreshold);
    const lines = { count: index.lineCount, span: (i: number) => index.span(i) };
    const stats = await recordStatsParallel(job, lines, script(), threads, signal);
    return { stats, skipped: job.skipLines, threads, ms: performance.now() - started };
  },
});

/** Filtering on `threads` - 1 worker threads; `indexed` lines when they began (default all). */
const filterOnWorkers = (
  threads: number,
  script = () => worker,
  indexed = () => index.lineCount,
): Fast => ({
  filterOnWorkers: (filter, prmThreshold, signal) =>
    parallelFilter(
      jobFor(filter, prmThreshold),
      { count: indexed(), span: (i) => index.span(i) },
      threads,
      script(),
      signal,
    ),
});

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

describe("the Stats view's figures on worker threads", () => {
  it.each(filters)("equal the session's scan with %s", async (_what, filter) => {
    const scan = await statsOf({}, filter);
    const fast = await statsOf(statsOnWorkers(3), filter);
    expect(fast.last).toEqual(scan.last);
    expect(fast.logged.join("\n")).toMatch(/record statistics of \d+ records on 3 worker threads/);
  });

  it("cover what the file holds: steps, scores, rounds and a disagreement", async () => {
    const { last } = await statsOf(statsOnWorkers(3), EMPTY_FILTER);
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
    const scan = await statsOf({}, EMPTY_FILTER);
    const broken = await statsOf(
      statsOnWorkers(2, () => join(dir, "missing-worker.js")),
      EMPTY_FILTER,
    );
    expect(broken.last).toEqual(scan.last);
    expect(broken.logged.join("\n")).toMatch(/record statistics on worker threads failed/);
  });

  it("fall back to the scan, with the scores the editor loaded, when the sidecar changed since", async () => {
    const sidecar = stepScoresPathFor(file);
    const original = readFileSync(sidecar, "utf8");
    const first = JSON.parse(original.split("\n")[0]!) as { scores: number[] };
    // A re-run appends: the later line wins, with scores in other histogram bins.
    appendFileSync(
      sidecar,
      `${JSON.stringify({ ...first, scores: first.scores.map(() => -0.95) })}\n`,
    );
    try {
      const scan = await statsOf({}, EMPTY_FILTER);
      const fast = await statsOf(statsOnWorkers(2), EMPTY_FILTER);
      expect(fast.last).toEqual(scan.last);
      expect(fast.logged.join("\n")).toMatch(
        /record statistics on worker threads failed, scanning here: the step-score sidecar .* changed since the editor loaded it/,
      );
    } finally {
      writeFileSync(sidecar, original);
      scores = await StepScoreIndex.load(sidecar);
    }
    // Reloaded, the workers take it again.
    const again = await statsOf(statsOnWorkers(2), EMPTY_FILTER);
    expect(again.logged.join("\n")).toMatch(/record statistics of \d+ records on 2 worker threads/);
  });

  it("end a request's work when a newer one comes, and post nothing for it", async () => {
    let started!: () => void;
    const waiting = new Promise<void>((resolve) => (started = resolve));
    const recordStats: RecordSource["recordStats"] = (_filter, _threshold, signal) => {
      started();
      return new Promise((_resolve, reject) =>
        signal.addEventListener("abort", () => reject(new Error("aborted"))),
      );
    };
    const { session, stats } = sessionFor({ recordStats });
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

describe("the record list's filter on worker threads", () => {
  // The empty filter is every line, in order: nothing to match.
  it.each(filters.slice(1))(
    "matches the lines the session's scan matches with %s",
    async (_what, filter) => {
      const scan = await linesOf({}, filter);
      const fast = await linesOf(filterOnWorkers(3), filter);
      expect(fast.lines).toEqual(scan.lines);
      const from = Math.floor(index.lineCount / 3);
      expect(fast.logged.join("\n")).toContain(
        `filtered lines ${from + 1}-${index.lineCount} on 2 worker threads`,
      );
    },
  );

  it("finds matches in every share of the file, up to its last line", async () => {
    const { lines } = await linesOf(filterOnWorkers(3), { ...EMPTY_FILTER, verdict: "mixed" });
    const third = index.lineCount / 3;
    for (const k of [0, 1, 2])
      expect(lines.some((l) => l >= k * third && l < (k + 1) * third)).toBe(true);
    const last = await linesOf(filterOnWorkers(3), { ...EMPTY_FILTER, text: LAST_QUERY });
    expect(last.lines).toEqual([index.lineCount - 1]);
  });

  it("scans the lines indexed after the workers began", async () => {
    const filter = { ...EMPTY_FILTER, verdict: "mixed" as const };
    const scan = await linesOf({}, filter);
    const late = scan.lines.filter((l) => l >= index.lineCount - 40);
    expect(late.length).toBeGreaterThan(0);
    const fast = await linesOf(
      filterOnWorkers(2, undefined, () => index.lineCount - 40),
      filter,
    );
    expect(fast.lines).toEqual(scan.lines);
  });

  it("falls back to the scan, with a warning, when the workers cannot start", async () => {
    const filter = { ...EMPTY_FILTER, text: "marbles" };
    const scan = await linesOf({}, filter);
    const broken = await linesOf(
      filterOnWorkers(2, () => join(dir, "missing-worker.js")),
      filter,
    );
    expect(broken.lines).toEqual(scan.lines);
    expect(broken.logged.join("\n")).toMatch(/filtering on worker threads failed, scanning here/);
  });
});

describe("with unsaved edits, the worker threads leave the edited lines to the session", () => {
  let edited: number[];
  beforeAll(async () => {
    // Three labeled rows, one in each third of the file, judged all wrong by a person.
    const texts = await index.readLines(0, index.lineCount);
    const labeled = texts.flatMap((t, i) => (parseRecord(i, t).kind === "labeled" ? [i] : []));
    edited = [0, 1, 2].map((k) => labeled.find((i) => i >= (k * index.lineCount) / 3)!);
    // The file's first line too: each share counts from its own first line, not from 0.
    if (!edited.includes(0)) edited.unshift(0);
    for (const line of edited) {
      const row = JSON.parse(texts[line]!) as { solutions: { is_correct?: boolean }[] };
      row.solutions.forEach((s) => (s.is_correct = false));
      edits.set(line, JSON.stringify({ ...row, labels: row.solutions.map(() => false) }));
    }
  });
  afterAll(() => {
    edits = new Map();
  });

  const incorrect: RecordFilter = { ...EMPTY_FILTER, verdict: "incorrect" };

  it.each([
    ["no filter", EMPTY_FILTER],
    ["incorrect", incorrect],
  ])("the Stats view's figures equal the scan's with %s", async (_what, filter) => {
    const scan = await statsOf({}, filter);
    expect((await statsOf(statsOnWorkers(3), filter)).last).toEqual(scan.last);
  });

  it("the filter matches the lines the scan matches, edited ones included", async () => {
    const scan = await linesOf({}, incorrect);
    for (const line of edited) expect(scan.lines).toContain(line);
    expect((await linesOf(filterOnWorkers(3), incorrect)).lines).toEqual(scan.lines);
    const mixed = { ...EMPTY_FILTER, verdict: "mixed" as const };
    expect((await linesOf(filterOnWorkers(3), mixed)).lines).toEqual(
      (await linesOf({}, mixed)).lines,
    );
    // Nearly every row (a letter most texts hold): the edited lines go back among the workers'
    // matches, in file order.
    const rows = { ...EMPTY_FILTER, text: "e" };
    const all = await linesOf({}, rows);
    expect(all.lines.filter((l) => l > edited[1]!).length).toBeGreaterThan(100);
    expect((await linesOf(filterOnWorkers(3), rows)).lines).toEqual(all.lines);
  });
});
