import { parentPort } from "node:worker_threads";
import type { StatsPayload } from "../../../schemas/src/webview-protocol";
import { lineBounds } from "../data/line-bounds";
import { runInWorker, workerJob } from "../data/run-in-worker";
import { mergeStatsPayloads } from "./curation-stats";
import { recordStatsOfRange, type RecordStatsJob } from "./record-stats-range";

const JOB_KEY = "agentarkRecordStats";

/** Whether this thread was started by recordStatsParallel to count a range. */
export function isRecordStatsWorker(): boolean {
  return workerJob<RecordStatsJob>(JOB_KEY) !== undefined;
}

/** The worker side: counts the range in workerData and posts the figures. */
export async function serveRecordStatsWorker(): Promise<void> {
  parentPort?.postMessage(await recordStatsOfRange(workerJob<RecordStatsJob>(JOB_KEY)!));
}

/**
 * The Stats view's figures for the lines in [job.start, job.end), split into `count` ranges at
 * line starts, each parsed and counted in a worker thread that loads `script`, then merged: the
 * same figures as one scan, with the extension host's thread left free.
 */
export async function recordStatsParallel(
  job: RecordStatsJob,
  script: string,
  count: number,
  signal?: AbortSignal,
): Promise<StatsPayload> {
  const bounds = await lineBounds(job.path, job.end, count, job.start);
  const parts = await Promise.all(
    bounds
      .slice(1)
      .map((end, k) =>
        runInWorker<StatsPayload>(
          script,
          { [JOB_KEY]: { ...job, start: bounds[k]!, end } },
          "record statistics",
          signal,
        ),
      ),
  );
  return mergeStatsPayloads(parts, true);
}
