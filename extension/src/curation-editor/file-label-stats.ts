import { availableParallelism } from "node:os";
import { stat } from "node:fs/promises";
import type { StatsPayload } from "../../../schemas/src/webview-protocol";
import {
  addLabelCounts,
  labelStats,
  labelStatsOfLines,
  PARALLEL_MIN,
  type LabelStats,
} from "../data/label-stats";
import { HISTOGRAM_BINS } from "./curation-stats";

export interface FileLabelStats {
  stats: LabelStats;
  /** Threads that counted (1: this thread only). */
  threads: number;
  ms: number;
  /** Why the worker threads were not used, when they failed. */
  fallback?: string;
  /** Lines counted with their unsaved edits instead of their bytes on disk. */
  editedLines: number;
}

/** Lines with unsaved edits: their bytes on disk and as edited, in the same order. */
export interface EditedLines {
  onDisk: readonly Buffer[];
  edited: readonly Buffer[];
}

/** More threads measured no faster: the disk and memory bandwidth. */
const MAX_THREADS = 4;

/** Threads for a whole-file pass: one per core, up to MAX_THREADS. */
export function workerThreads(): number {
  return Math.max(1, Math.min(availableParallelism(), MAX_THREADS));
}

/**
 * The Stats view's label figures for a whole file: the data core's streaming count of the file
 * on disk, on worker threads (`workerScript`, the dist/stats-worker.js bundle) for a large file
 * and on this thread alone when the workers cannot start or fail; then the lines with unsaved
 * edits counted out as they are on disk and back in as edited, so a file being curated gets its
 * first figures as fast as a saved one. A Python loop of json.loads is the yardstick
 * (`npm run bench:jsonl`).
 */
export async function fileLabelStats(
  path: string,
  workerScript: string | undefined,
  signal?: AbortSignal,
  edits: EditedLines = { onDisk: [], edited: [] },
): Promise<FileLabelStats> {
  const started = performance.now();
  const options = { unnamedAgentsById: true, maxListed: 0, ...(signal ? { signal } : {}) };
  const count = workerThreads();
  const counted = (stats: LabelStats, threads: number, fallback?: string): FileLabelStats => {
    addLabelCounts(stats, labelStatsOfLines(edits.onDisk, options), -1);
    addLabelCounts(stats, labelStatsOfLines(edits.edited, options));
    return {
      stats,
      threads,
      ms: performance.now() - started,
      editedLines: edits.edited.length,
      ...(fallback === undefined ? {} : { fallback }),
    };
  };
  let fallback: string | undefined;
  if (workerScript && count > 1 && (await stat(path)).size >= PARALLEL_MIN) {
    try {
      const stats = await labelStats(path, {
        ...options,
        workers: { script: workerScript, count },
      });
      return counted(stats, count);
    } catch (err) {
      if (signal?.aborted) throw err;
      fallback = err instanceof Error ? err.message : String(err);
    }
  }
  return counted(await labelStats(path, options), 1, fallback);
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
