import { recordText, type RecordView, type Step, type Turn } from "../../../schemas/src/records";
import type { RecordFilter, RecordSummary } from "../../../schemas/src/webview-protocol";

const PREVIEW_CHARS = 160;

/** Every step of a record once: solutions' steps, then the debate turns' that are not solutions. */
export function allSteps(record: RecordView): Step[] {
  const steps = record.solutions.flatMap((s) => s.steps);
  const rounds = record.rounds ?? [];
  // In a native trajectory, each agent's last turn is also its solution (with the sidecar's
  // scores): counted above.
  const last = new Map<string, Turn>();
  if (record.kind === "trajectory")
    for (const round of [...rounds].sort((a, b) => a.index - b.index))
      for (const turn of round.turns) last.set(turn.agent, turn);
  const solutions = new Set(last.values());
  for (const round of rounds)
    for (const turn of round.turns) if (!solutions.has(turn)) steps.push(...turn.steps);
  return steps;
}

/** What the record list shows and filters on, without the texts. */
export function summarize(record: RecordView, disagree = false): RecordSummary {
  const solutionSteps = record.solutions.flatMap((s) => s.steps);
  let minStepScore: number | null = null;
  for (const step of allSteps(record)) {
    if (step.score !== null && (minStepScore === null || step.score < minStepScore))
      minStepScore = step.score;
  }
  return {
    line: record.line,
    kind: record.kind,
    queryPreview: preview(record.malformed ?? record.query),
    solutions: record.solutions.length,
    correct: record.solutions.filter((s) => s.isCorrect === true).length,
    incorrect: record.solutions.filter((s) => s.isCorrect === false).length,
    unlabeled: record.solutions.filter((s) => s.isCorrect === null).length,
    stepsLabeled: solutionSteps.filter((s) => s.label !== null).length,
    stepsTotal: solutionSteps.length,
    error: record.error !== null || record.malformed !== null,
    minStepScore,
    disagree,
  };
}

/**
 * `text` with each run of whitespace as one space, trimmed, cut to PREVIEW_CHARS: the same as
 * doing that to the whole text, but a long query is only read as far as the preview needs.
 */
export function preview(text: string): string {
  for (let take = PREVIEW_CHARS * 2; take < text.length; take *= 2) {
    // More than PREVIEW_CHARS left after collapsing a prefix: the whole text's preview begins
    // with the same characters (a trim at the very end cannot reach them).
    const head = text.slice(0, take).replace(/\s+/g, " ").trimStart();
    if (head.length > PREVIEW_CHARS) return head.slice(0, PREVIEW_CHARS);
  }
  return text.replace(/\s+/g, " ").trim().slice(0, PREVIEW_CHARS);
}

/** True when the record still needs a person: a solution without a verdict or a step without a label. */
export function needsLabels(summary: RecordSummary): boolean {
  return summary.unlabeled > 0 || summary.stepsLabeled < summary.stepsTotal;
}

/**
 * Whether a record passes the list's filter (webview-protocol.ts `RecordFilter`). `filter.text`
 * is searched case-insensitively in the record's texts (`recordText`); `rawLine` is the line, for
 * a malformed one.
 */
export function matchesFilter(
  record: RecordView,
  summary: RecordSummary,
  filter: RecordFilter,
  prmThreshold: number,
  rawLine: string,
): boolean {
  if (filter.errorsOnly && !summary.error) return false;
  if (filter.disagreeOnly && !summary.disagree) return false;
  if (filter.lowPrm && (summary.minStepScore === null || summary.minStepScore >= prmThreshold))
    return false;
  switch (filter.verdict) {
    case "any":
      break;
    case "correct":
      if (summary.solutions === 0 || summary.correct !== summary.solutions) return false;
      break;
    case "incorrect":
      if (summary.solutions === 0 || summary.incorrect !== summary.solutions) return false;
      break;
    case "mixed":
      if (summary.correct === 0 || summary.incorrect === 0) return false;
      break;
    case "unlabeled":
      if (summary.unlabeled === 0) return false;
      break;
  }
  if (filter.agent !== null && !record.solutions.some((s) => s.agent === filter.agent))
    return false;
  if (filter.solutionId !== null && !record.solutions.some((s) => s.id === filter.solutionId))
    return false;
  if (filter.text && !recordText(record, rawLine).toLowerCase().includes(filter.text.toLowerCase()))
    return false;
  return true;
}
