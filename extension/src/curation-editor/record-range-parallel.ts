import { parentPort } from "node:worker_threads";
import type { StatsPayload } from "../../../schemas/src/webview-protocol";
import { runInWorker, workerJob } from "../data/run-in-worker";
import type { ParallelFilter } from "./curation-session";
import { mergeStatsPayloads } from "./curation-stats";
import { matchingLinesOfRange, recordStatsOfRange, type RecordRangeJob } from "./record-range";

const JOB_KEY = "agentarkRecordRange";

/** What a worker does with its range: the Stats view's figures, or the matching lines. */
interface WorkerJob {
  want: "stats" | "lines";
  job: RecordRangeJob;
}

/** Whether this thread was started here to read a range of records. */
export function isRecordRangeWorker(): boolean {
  return workerJob<WorkerJob>(JOB_KEY) !== undefined;
}

/** The worker side: reads the range in workerData and posts the figures or the lines. */
export async function serveRecordRangeWorker(): Promise<void> {
  const { want, job } = workerJob<WorkerJob>(JOB_KEY)!;
  const result = want === "stats" ? await recordStatsOfRange(job) : await matchingLinesOfRange(job);
  parentPort?.postMessage(result);
}

function inWorker<T>(
  script: string,
  want: WorkerJob["want"],
  job: RecordRangeJob,
  signal?: AbortSignal,
) {
  const what = want === "stats" ? "record statistics" : "filtering records";
  return runInWorker<T>(script, { [JOB_KEY]: { want, job } satisfies WorkerJob }, what, signal);
}

/**
 * The Stats view's figures for the lines of `lines`, split into `count` shares of lines, each
 * parsed and counted in a worker thread that loads `script`, then merged: the same figures as one
 * scan, with the extension host's thread left free. Each share starts at its own line number, so
 * `job.skipLines` and the records' lines are the file's.
 */
export async function recordStatsParallel(
  job: RecordRangeJob,
  lines: IndexedLines,
  script: string,
  count: number,
  signal?: AbortSignal,
): Promise<StatsPayload> {
  const shares = Math.max(1, Math.min(count, lines.count));
  const parts = await Promise.all(
    Array.from({ length: shares }, (_, k) =>
      inWorker<StatsPayload>(
        script,
        "stats",
        shareJob(job, lines, shareStart(lines, k, shares), shareStart(lines, k + 1, shares)),
        signal,
      ),
    ),
  );
  return mergeStatsPayloads(parts);
}

/** The first line of share `k` of `shares`. */
const shareStart = (lines: IndexedLines, k: number, shares: number) =>
  Math.floor((lines.count * k) / shares);

/** The job for lines [first, stop) of the file. */
function shareJob(
  job: RecordRangeJob,
  lines: IndexedLines,
  first: number,
  stop: number,
): RecordRangeJob {
  return {
    ...job,
    start: lines.span(first).start,
    end: lines.span(stop - 1).end + 1,
    firstLine: first,
  };
}

/** The lines of an indexed file: how many, and each one's bytes (its \n at `end`). */
export interface IndexedLines {
  count: number;
  span(line: number): { start: number; end: number };
}

/**
 * Splits the file's lines into `threads` shares and starts matching `job.filter` on all but the
 * first in worker threads that load `script`; the first share is left to the caller's own scan,
 * so its first matches show at once. Undefined with fewer than two threads.
 */
export function parallelFilter(
  job: RecordRangeJob,
  lines: IndexedLines,
  threads: number,
  script: string,
  signal?: AbortSignal,
): ParallelFilter | undefined {
  if (threads < 2 || lines.count < threads) return undefined;
  const share = (k: number) => shareStart(lines, k, threads);
  const started = performance.now();
  const parts: Promise<number[]>[] = [];
  for (let k = 1; k < threads; k++)
    parts.push(inWorker(script, "lines", shareJob(job, lines, share(k), share(k + 1)), signal));
  const matches = Promise.all(parts).then((found) => ({
    lines: found.flat(),
    threads: parts.length,
    ms: performance.now() - started,
  }));
  const from = share(1);
  const skipped = job.skipLines.filter((l) => l >= from && l < lines.count);
  return { from, to: lines.count, skipped, matches };
}
