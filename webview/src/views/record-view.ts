import { html, nothing, type TemplateResult } from "lit";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import type { AuditEntry, CurationEdit } from "../../../schemas/src/records";
import { renderAnswer, renderMarkdown } from "../render/markdown";
import { debateGrid } from "./debate-grid-view";
import { noteRow } from "./note-row";
import { solutionCards } from "./solution-cards";
import type { ViewContext } from "./view-context";

export interface RecordExtras {
  /** Edits made here are still on their way to the document. */
  busy: boolean;
  audit: readonly AuditEntry[] | null;
  historyOpen: boolean;
  onHistoryToggle(open: boolean): void;
  onOpenRaw(): void;
}

export function describeEdit(e: CurationEdit): string {
  switch (e.type) {
    case "set-correct": {
      const v = e.value === null ? "verdict cleared" : e.value ? "correct" : "incorrect";
      return `solution #${e.solutionId} ${v}`;
    }
    case "set-step-label": {
      const v = e.value === null ? "cleared" : String(e.value);
      return `solution #${e.solutionId} step ${e.step + 1} label ${v}`;
    }
    case "set-note": {
      const target = e.solutionId === null ? "record" : `solution #${e.solutionId}`;
      return `${target} note ${e.value === null ? "cleared" : "set"}`;
    }
  }
}

function auditItem(a: AuditEntry): TemplateResult {
  const who = a.model ? `${a.source}, ${a.model}` : a.source;
  return html`<li>
    <time>${a.time}</time> <strong>${a.author}</strong> (${who}):
    ${describeEdit(a.edit)}${a.reason ? ` — ${a.reason}` : ""}
  </li>`;
}

function history(x: RecordExtras): TemplateResult {
  const body =
    x.audit === null
      ? html`<p class="empty-state">Loading…</p>`
      : x.audit.length === 0
        ? html`<p class="empty-state">No changes to this record yet.</p>`
        : html`<ul class="audit">
            ${x.audit.map(auditItem)}
          </ul>`;
  return html`<details
    class="history"
    ?open=${x.historyOpen}
    @toggle=${(e: Event) => x.onHistoryToggle((e.target as HTMLDetailsElement).open)}
  >
    <summary>History</summary>
    ${x.historyOpen ? body : nothing}
  </details>`;
}

/** One record: query, answers, debate grid, solution cards, history. */
export function recordView(ctx: ViewContext, x: RecordExtras): TemplateResult {
  const record = ctx.record;
  return html`<article
    class="record"
    aria-label="Record on line ${record.line + 1}"
    aria-busy=${x.busy ? "true" : "false"}
  >
    <header class="record-head">
      <span class="kind">${record.kind}</span>
      <span>line ${record.line + 1}</span>
      ${record.source ? html`<span class="source">${record.source}</span>` : nothing}
      <button class="link-btn" @click=${() => x.onOpenRaw()}>raw JSON</button>
    </header>
    ${
      record.malformed !== null
        ? html`<p class="error-box" role="alert">Malformed line: ${record.malformed}</p>`
        : nothing
    }
    ${record.error !== null ? html`<p class="error-box" role="alert">${record.error}</p>` : nothing}
    <section class="query" aria-label="Query">
      <h3>Query</h3>
      <div class="md">${unsafeHTML(renderMarkdown(record.query))}</div>
    </section>
    <dl class="answers">
      <dt>Ground truth</dt>
      <dd class="gt md-inline">
        ${record.gt === null ? "—" : unsafeHTML(renderAnswer(record.gt))}
      </dd>
      <dt>Final response</dt>
      <dd class="md">
        ${record.finalResponse === null ? "—" : unsafeHTML(renderMarkdown(record.finalResponse))}
      </dd>
    </dl>
    ${record.malformed === null ? noteRow(ctx, "record") : nothing} ${debateGrid(ctx)}
    ${solutionCards(ctx)} ${history(x)}
  </article>`;
}
