import type { AuditEntry } from "../../../schemas/src/records";
import type { PendingEdit } from "../curation/curation-backup";
import type { ReviewedVerdict } from "./curation-stats";

/**
 * Judge vs human verdicts per query: the judge's verdict is the value before the first human
 * correction of a solution, the human's the value after the last one. Built from the audit trail
 * (saved edits) plus the unsaved edits.
 */
export class ReviewedVerdicts {
  private readonly byQuery = new Map<
    string,
    Map<number, { judge: boolean | null; human: boolean | null }>
  >();

  constructor(saved: readonly AuditEntry[]) {
    for (const e of saved) if (e.source === "human") this.note(e.query, e.edit, e.before);
  }

  /** The verdicts for `query`, with `pending` (unsaved) edits applied on top. */
  get(query: string, pending: readonly PendingEdit[]): ReviewedVerdict[] {
    const merged = new Map(this.byQuery.get(query) ?? []);
    for (const p of pending) {
      if (p.query !== query || p.provenance.source !== "human" || p.edit.type !== "set-correct")
        continue;
      const prior = merged.get(p.edit.solutionId);
      merged.set(p.edit.solutionId, {
        judge: prior ? prior.judge : asVerdict(p.before),
        human: p.edit.value,
      });
    }
    const out: ReviewedVerdict[] = [];
    for (const [solutionId, v] of merged)
      if (v.judge !== null && v.human !== null)
        out.push({ solutionId, judge: v.judge, human: v.human });
    return out;
  }

  /** Every query with a saved human correction, or with one among `pending`. */
  queries(pending: readonly PendingEdit[]): string[] {
    const out = new Set(this.byQuery.keys());
    for (const p of pending)
      if (p.query !== null && p.provenance.source === "human") out.add(p.query);
    return [...out];
  }

  /** Records saved edits (after a save appended them to the trail). */
  addSaved(entries: readonly AuditEntry[]): void {
    for (const e of entries) if (e.source === "human") this.note(e.query, e.edit, e.before);
  }

  private note(query: string, edit: AuditEntry["edit"], before: unknown): void {
    if (edit.type !== "set-correct") return;
    const perQuery =
      this.byQuery.get(query) ??
      new Map<number, { judge: boolean | null; human: boolean | null }>();
    const prior = perQuery.get(edit.solutionId);
    perQuery.set(edit.solutionId, {
      judge: prior ? prior.judge : asVerdict(before),
      human: edit.value,
    });
    this.byQuery.set(query, perQuery);
  }
}

function asVerdict(value: unknown): boolean | null {
  return typeof value === "boolean" ? value : null;
}
