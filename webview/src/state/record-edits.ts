import type { CurationEdit, RecordView } from "../../../schemas/src/records";

/**
 * Applies an edit to the webview's copy of a record, so the UI answers a key press at once; the
 * host's `record` message that follows replaces the copy with the document's truth.
 */
export function applyEditToRecord(record: RecordView, edit: CurationEdit): RecordView {
  if (edit.line !== record.line) return record;
  switch (edit.type) {
    case "set-correct":
      return {
        ...record,
        solutions: record.solutions.map((s) =>
          s.id === edit.solutionId ? { ...s, isCorrect: edit.value } : s,
        ),
      };
    case "set-step-label":
      return {
        ...record,
        solutions: record.solutions.map((s) =>
          s.id === edit.solutionId
            ? {
                ...s,
                steps: s.steps.map((st, i) =>
                  i === edit.step ? { ...st, label: edit.value } : st,
                ),
              }
            : s,
        ),
      };
    case "set-note":
      if (edit.solutionId === null) return { ...record, note: edit.value };
      return {
        ...record,
        solutions: record.solutions.map((s) =>
          s.id === edit.solutionId ? { ...s, note: edit.value } : s,
        ),
      };
  }
}
