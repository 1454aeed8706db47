import { availableParallelism } from "node:os";
import { stat } from "node:fs/promises";
import type { StatsPayload } from "../../../schemas/src/webview-protocol";
import { labelStats, PARALLEL_MIN, type LabelStats } from "../data/label-stats";
import { HISTOGRAM_BINS } from "./curation-stats";

export interface FileLabelStats {
  stats: LabelStats;
  /** Threads that counted (1: this thread only). */
  threads: number;
  ms: number;
  /** Why the worker threads were not used, when they failed. */
  fallback?: string;
}

/** More threads measured no faster: the disk and memory bandwidth. */
const MAX_THREADS = 4;

/** Threads for a whole-file pass: one per core, up to MAX_THREADS. */
export function workerThreads(): number {
  return Math.max(1, Math.min(availableParallelism(), MAX_THREADS));
}

/**
 * The Stats view's label figures for a whole file as saved: the data core's streaming count, on
 * worker threads (`workerScript`, the dist/stats-worker.js bundle) for a large file, and on
 * this thread alone when the workers cannot start or fail. A Python loop of json.loads is the
 * yardstick (`npm run bench:jsonl`).
 */
export async function fileLabelStats(
  path: string,
  workerScript: string | undefined,
  signal?: AbortSignal,
): Promise<FileLabelStats> {
  const started = performance.now();
  const options = { unnamedAgentsById: true, maxListed: 0, ...(signal ? { signal } : {}) };
  const count = workerThreads();
  let fallback: string | undefined;
  if (workerScript && count > 1 && (await stat(path)).size >= PARALLEL_MIN) {
    try {
      const stats = await labelStats(path, {
        ...options,
        workers: { script: workerScript, count },
      });
      return { stats, threads: count, ms: performance.now() - started };
    } catch (err) {
      if (signal?.aborted) throw err;
      fallback = err instanceof Error ? err.message : String(err);
    }
  }
  const stats = await labelStats(path, options);
  return {
    stats,
    threads: 1,
    ms: performance.now() - started,
    ...(fallback === undefined ? {} : { fallback }),
  };
}

/**
 * The label figures as the Stats view shows them, before the record scan adds the rest (steps,
 * PRM scores, answer changes, agreement): the same numbers the scan ends with for the empty
 * filter on a saved file.
 */
export function labelFiguresPayload(stats: LabelStats): StatsPayload {
  const verdicts = (t: LabelStats["solutions"]) => ({
    correct: t.correct,
    incorrect: t.incorrect,
    unlabeled: t.unlabeled,
  });
  return {
    records: stats.lines,
    complete: false,
    stepFigures: false,
    perAgent: Object.entries(stats.byAgent).map(([agent, t]) => ({ agent, ...verdicts(t) })),
    perSolutionId: Object.entries(stats.byId)
      .map(([id, t]) => ({ solutionId: Number(id), ...verdicts(t) }))
      .sort((a, b) => a.solutionId - b.solutionId),
    labelProgress: {
      solutionsLabeled: stats.solutions.correct + stats.solutions.incorrect,
      solutionsTotal: stats.solutions.total,
      stepsLabeled: 0,
      stepsTotal: 0,
    },
    prmHistogram: new Array<number>(HISTOGRAM_BINS).fill(0),
    answerChanges: [],
    agreement: [
      [0, 0],
      [0, 0],
    ],
  };
}
