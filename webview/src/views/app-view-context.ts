import type { CurationEdit, RecordView, StepLabel } from "../../../schemas/src/records";
import type { Cursor } from "../state/cursor";
import { cursorForNode } from "../state/trajectory-tree";
import type { NoteTarget, ViewContext } from "./view-context";

/** What the record views show of the app's state when they are drawn. */
export type ViewState = Omit<ViewContext, "record" | "actions">;

/** What the record views' actions change in the app; read and called when an action runs. */
export interface ViewHost {
  /** The cursor now (an action may run after the state it was drawn from changed). */
  cursor(): Cursor;
  setVerdict(solution: number, value: boolean | null): void;
  setStepLabel(solution: number, step: number, value: StepLabel): void;
  moveTo(cursor: Cursor): void;
  edit(edit: CurationEdit): void;
  /** Opens a note's field (or closes it: null) and redraws. */
  setEditingNote(target: NoteTarget | null): void;
  toggleNode(id: string): void;
  openNode(id: string): void;
  changed(): void;
}

/** The one value the record views draw from and call back into, so they stay in sync. */
export function appViewContext(record: RecordView, state: ViewState, host: ViewHost): ViewContext {
  return {
    record,
    ...state,
    actions: {
      setVerdict: (s, v) => host.setVerdict(s, v),
      setStepLabel: (s, i, v) => host.setStepLabel(s, i, v),
      moveTo: (c) => host.moveTo(c),
      editNote: (target) => host.setEditingNote(target),
      setNote: (target, value) => {
        host.setEditingNote(null);
        const solutionId = target === "record" ? null : record.solutions[target]?.id;
        if (solutionId !== undefined)
          host.edit({ type: "set-note", line: record.line, solutionId, value });
      },
      toggleNode: (id) => {
        host.toggleNode(id);
        host.changed();
      },
      selectNode: (id) => {
        const c = cursorForNode(record, id, host.cursor());
        // Selecting a branch opens it: a click on a solution shows its steps.
        if (!id.match(/^s:\d+:\d+$/) && !id.match(/^r:\d+:\d+:\d+$/)) host.openNode(id);
        if (c) host.moveTo(c);
        else host.changed();
      },
    },
  };
}
