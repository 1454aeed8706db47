import { html, nothing, type TemplateResult } from "lit";
import type { NoteTarget, ViewContext } from "./view-context";

/**
 * A note on a solution (its index) or on the whole record ("record": an ambiguous ground truth,
 * a query to drop): the note, and a button that turns it into a field (Enter saves, Esc cancels).
 */
export function noteRow(ctx: ViewContext, target: NoteTarget): TemplateResult {
  const record = target === "record";
  const note = record ? ctx.record.note : (ctx.record.solutions[target]?.note ?? null);
  const what = record ? "the record" : `solution ${ctx.record.solutions[target]?.id ?? ""}`;
  if (ctx.editingNote === target) {
    const keydown = (e: KeyboardEvent) => {
      const input = e.target as HTMLInputElement;
      if (e.key === "Enter")
        ctx.actions.setNote(target, input.value.trim() === "" ? null : input.value);
      else if (e.key === "Escape") ctx.actions.editNote(null);
    };
    return html`<p class="note">
      <input
        class="note-input"
        aria-label="Note on ${what} (Enter saves, Esc cancels)"
        placeholder="Note (Enter saves, Esc cancels)"
        .value=${note ?? ""}
        @keydown=${keydown}
      />
    </p>`;
  }
  const label = record ? "note on the record" : "note";
  return html`<p class="note">
    ${note ? html`<span>Note: ${note}</span>` : nothing}
    <button class="link-btn" ?disabled=${ctx.readOnly} @click=${() => ctx.actions.editNote(target)}>
      ${note ? `edit ${label}` : `add ${label}`}
    </button>
  </p>`;
}
