import type { RecordView } from "../../../schemas/src/records";
import type { RecordFilter, StatsPayload } from "../../../schemas/src/webview-protocol";
import { forEachLine } from "../data/for-each-line";
import { parseRecord } from "../data/parse-record";
import { StepScoreIndex, type FileStamp } from "../data/step-score-index";
import { CurationStats, type ReviewedVerdict } from "./curation-stats";
import { matchesFilter, summarize } from "./record-summary";

/**
 * Some lines of a saved file and a filter over them: everything a worker thread needs to read
 * the records as the editor does.
 */
export interface RecordRangeJob {
  path: string;
  /** Bytes [start, end): `start` a line start, `end` just after a \n. */
  start: number;
  end: number;
  /** The line number (0-based) of the line at `start`. */
  firstLine: number;
  /** The step separator setting. */
  separator: string;
  /**
   * The file's step-score sidecar, when the editor loaded one, and its stamp then: each worker
   * loads it from disk and fails (the caller scans itself) if it has changed since.
   */
  stepScores: { path: string; stamp: FileStamp } | null;
  filter: RecordFilter;
  prmThreshold: number;
  /** Judge vs human verdicts by query, from the audit trail and unsaved edits. */
  reviewed: readonly (readonly [string, readonly ReviewedVerdict[]])[];
  /**
   * Lines not to read: edited since the file was saved, so their bytes on disk are stale. The
   * caller reads them itself, with its edits.
   */
  skipLines: readonly number[];
}

/**
 * Parses every line of the range as the editor does (LineIndex's text, parseRecord with the
 * sidecar's scores), and calls `visit` for each record that passes the filter, as the session's
 * scan does: the same records for the same lines, `skipLines` left out.
 */
export async function forEachMatchingRecord(
  job: RecordRangeJob,
  visit: (view: RecordView, reviewed: readonly ReviewedVerdict[]) => void,
): Promise<void> {
  const stepScores = job.stepScores
    ? await StepScoreIndex.loadAsOf(job.stepScores.path, job.stepScores.stamp)
    : null;
  const reviewed = new Map(job.reviewed);
  const skip = new Set(job.skipLines);
  let line = job.firstLine;
  await forEachLine(job.path, job.start, job.end, (text) => {
    const at = line++;
    if (skip.has(at)) return;
    const view = parseRecord(at, text, {
      separator: job.separator,
      ...(stepScores ? { stepScores } : {}),
    });
    const verdicts = reviewed.get(view.query) ?? [];
    const summary = summarize(view, view.query ? verdicts.some((r) => r.judge !== r.human) : false);
    if (matchesFilter(view, summary, job.filter, job.prmThreshold, text)) visit(view, verdicts);
  });
}

/** The Stats view's figures over the records of the range that pass the filter. */
export async function recordStatsOfRange(job: RecordRangeJob): Promise<StatsPayload> {
  const stats = new CurationStats();
  await forEachMatchingRecord(job, (view, verdicts) => stats.add(view, verdicts));
  return stats.result(true);
}

/** The line numbers of the range's records that pass the filter, in order. */
export async function matchingLinesOfRange(job: RecordRangeJob): Promise<number[]> {
  const lines: number[] = [];
  await forEachMatchingRecord(job, (view) => lines.push(view.line));
  return lines;
}
