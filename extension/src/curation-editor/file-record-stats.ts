import type { StatsPayload } from "../../../schemas/src/webview-protocol";
import { workerThreads } from "./file-label-stats";
import { recordStatsParallel, type IndexedLines } from "./record-range-parallel";
import type { RecordRangeJob } from "./record-range";

export interface FileRecordStats {
  /** The figures of every line but `skipped`. */
  stats: StatsPayload;
  /** The job's skipLines: lines the caller counts itself. */
  skipped: readonly number[];
  threads: number;
  ms: number;
}

/**
 * The Stats view's full figures (steps, PRM scores, answer changes, agreement) for the job's
 * lines but its skipLines, each record parsed in full on worker threads that load `workerScript`
 * (dist/stats-worker.js): the scan the session would run on the extension host's thread, split
 * across cores.
 */
export async function fileRecordStats(
  job: RecordRangeJob,
  lines: IndexedLines,
  workerScript: string,
  signal?: AbortSignal,
): Promise<FileRecordStats> {
  const started = performance.now();
  const threads = workerThreads();
  const stats = await recordStatsParallel(job, lines, workerScript, threads, signal);
  return { stats, skipped: job.skipLines, threads, ms: performance.now() - started };
}
