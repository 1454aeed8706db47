import type { RecordView } from "../../../schemas/src/records/record-view";

/**
 * An inference row's view with the verdicts of its labeled row (same run, same `query`), matched
 * by solution id: label.py numbers solutions as splitSolutions does, so ids line up. Solutions
 * the labeled row does not have stay unlabeled; the labeled row's own text is not used.
 */
export function joinLabels(infer: RecordView, labeled: RecordView | null): RecordView {
  if (!labeled || labeled.malformed !== null) return infer;
  const verdicts = new Map(labeled.solutions.map((s) => [s.id, s.isCorrect]));
  return {
    ...infer,
    solutions: infer.solutions.map((s) => ({ ...s, isCorrect: verdicts.get(s.id) ?? s.isCorrect })),
  };
}
