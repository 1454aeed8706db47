import type { RecordView, StepLabel } from "../../../schemas/src/records";
import type { Cursor } from "../state/cursor";

/** What a note is on: a solution (its index in the record) or the whole record. */
export type NoteTarget = number | "record";

/** What the record views draw from and call back into; one value, so the views stay in sync. */
export interface ViewContext {
  record: RecordView;
  cursor: Cursor;
  /** The judge model the file is named after (`*_labeled_by_<judge>.jsonl`), if any. */
  judge: string | null;
  prmThreshold: number;
  showThink: boolean;
  readOnly: boolean;
  /** The note being edited, if any. */
  editingNote: NoteTarget | null;
  /** The tree node with keyboard focus (aria-activedescendant), or null for the cursor's. */
  treeFocus: string | null;
  /** Open tree nodes (ids from state/trajectory-tree.ts). */
  expanded: ReadonlySet<string>;
  actions: ViewActions;
}

export interface ViewActions {
  setVerdict(solution: number, value: boolean | null): void;
  setStepLabel(solution: number, step: number, value: StepLabel): void;
  /** Starts (a target) or stops (null) editing a note. */
  editNote(target: NoteTarget | null): void;
  setNote(target: NoteTarget, value: string | null): void;
  moveTo(cursor: Cursor): void;
  toggleNode(id: string): void;
  selectNode(id: string): void;
}

export function scoreClass(score: number | null, threshold: number): string {
  if (score === null) return "score-none";
  if (score < threshold) return "score-low";
  return score < 0.5 ? "score-mid" : "score-high";
}
