import { recordText, type RecordView, type Solution } from "../../../schemas/src/records";
import type { RecordFilter, RecordSummary } from "../../../schemas/src/webview-protocol";

const PREVIEW = 160;

export function previewText(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > PREVIEW ? `${flat.slice(0, PREVIEW - 1)}…` : flat;
}

function minScore(values: Iterable<number | null>): number | null {
  let min: number | null = null;
  for (const v of values) if (v !== null && (min === null || v < min)) min = v;
  return min;
}

function* allScores(record: RecordView): Iterable<number | null> {
  for (const s of record.solutions) for (const step of s.steps) yield step.score;
  for (const r of record.rounds ?? [])
    for (const t of r.turns) for (const step of t.steps) yield step.score;
}

/** The list row for a record. `disagree` comes from the audit trail, which the record lacks. */
export function summarizeRecord(record: RecordView, disagree = false): RecordSummary {
  const count = (pred: (s: Solution) => boolean) => record.solutions.filter(pred).length;
  let stepsLabeled = 0;
  let stepsTotal = 0;
  for (const s of record.solutions) {
    stepsTotal += s.steps.length;
    stepsLabeled += s.steps.filter((st) => st.label !== null).length;
  }
  return {
    line: record.line,
    kind: record.kind,
    queryPreview: previewText(record.malformed !== null ? record.malformed : record.query),
    solutions: record.solutions.length,
    correct: count((s) => s.isCorrect === true),
    incorrect: count((s) => s.isCorrect === false),
    unlabeled: count((s) => s.isCorrect === null),
    stepsLabeled,
    stepsTotal,
    error: record.error !== null || record.malformed !== null,
    minStepScore: minScore(allScores(record)),
    disagree,
  };
}

/** Whether a row still needs a person: a solution without a verdict or a step without a label. */
export function needsLabels(s: RecordSummary): boolean {
  return s.unlabeled > 0 || s.stepsLabeled < s.stepsTotal;
}

export function matchesVerdict(s: RecordSummary, verdict: RecordFilter["verdict"]): boolean {
  switch (verdict) {
    case "any":
      return true;
    case "correct":
      return s.solutions > 0 && s.correct === s.solutions;
    case "incorrect":
      return s.solutions > 0 && s.incorrect === s.solutions;
    case "mixed":
      return s.correct > 0 && s.incorrect > 0;
    case "unlabeled":
      return s.unlabeled > 0;
  }
}

/**
 * The summary-level part of a filter. `agent`, `solutionId` and `text` need the record (or the
 * raw line); hosts check those with `matchesRecordFilter`.
 */
export function matchesSummaryFilter(
  s: RecordSummary,
  f: RecordFilter,
  prmThreshold: number,
): boolean {
  if (!matchesVerdict(s, f.verdict)) return false;
  if (f.errorsOnly && !s.error) return false;
  if (f.disagreeOnly && !s.disagree) return false;
  if (f.lowPrm && (s.minStepScore === null || s.minStepScore >= prmThreshold)) return false;
  return true;
}

export function matchesRecordFilter(
  record: RecordView,
  summary: RecordSummary,
  f: RecordFilter,
  prmThreshold: number,
  rawLine?: string,
): boolean {
  if (!matchesSummaryFilter(summary, f, prmThreshold)) return false;
  if (f.agent !== null && !record.solutions.some((s) => s.agent === f.agent)) return false;
  if (f.solutionId !== null && !record.solutions.some((s) => s.id === f.solutionId)) return false;
  if (f.text !== "" && !recordText(record, rawLine).toLowerCase().includes(f.text.toLowerCase()))
    return false;
  return true;
}

export function isEmptyFilter(f: RecordFilter): boolean {
  return (
    f.verdict === "any" &&
    !f.errorsOnly &&
    !f.disagreeOnly &&
    !f.lowPrm &&
    f.agent === null &&
    f.solutionId === null &&
    f.text === ""
  );
}
