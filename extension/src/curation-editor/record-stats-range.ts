import type { RecordFilter, StatsPayload } from "../../../schemas/src/webview-protocol";
import { forEachLine } from "../data/for-each-line";
import { parseRecord } from "../data/parse-record";
import { StepScoreIndex } from "../data/step-score-index";
import { CurationStats, type ReviewedVerdict } from "./curation-stats";
import { matchesFilter, summarize } from "./record-summary";

/** The Stats view's figures over some lines of a saved file: everything a worker thread needs. */
export interface RecordStatsJob {
  path: string;
  /** Bytes [start, end): `start` a line start, `end` just after a \n. */
  start: number;
  end: number;
  /** The step separator setting. */
  separator: string;
  /**
   * The file's step-score sidecar, when it has one: each worker loads it from disk, as the editor
   * did when it opened or last reloaded the file.
   */
  stepScoresPath: string | null;
  filter: RecordFilter;
  prmThreshold: number;
  /** Judge vs human verdicts by query, from the audit trail. */
  reviewed: readonly (readonly [string, readonly ReviewedVerdict[]])[];
}

/**
 * Parses every line of the range as the editor does (LineIndex's text, parseRecord with the
 * sidecar's scores), keeps the lines that pass the filter, and counts them as the Stats view's
 * record scan does: the same figures for the same lines.
 */
export async function recordStatsOfRange(job: RecordStatsJob): Promise<StatsPayload> {
  const stepScores = job.stepScoresPath ? await StepScoreIndex.load(job.stepScoresPath) : null;
  const reviewed = new Map(job.reviewed);
  const stats = new CurationStats();
  let line = 0;
  const visit = (text: string) => {
    const view = parseRecord(line++, text, {
      separator: job.separator,
      ...(stepScores ? { stepScores } : {}),
    });
    const verdicts = reviewed.get(view.query) ?? [];
    const summary = summarize(view, view.query ? verdicts.some((r) => r.judge !== r.human) : false);
    if (matchesFilter(view, summary, job.filter, job.prmThreshold, text)) stats.add(view, verdicts);
  };
  await forEachLine(job.path, job.start, job.end, visit);
  return stats.result(true);
}
