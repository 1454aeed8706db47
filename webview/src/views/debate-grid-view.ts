import { html, nothing, type TemplateResult } from "lit";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import { buildDebateGrid, type GridCell } from "../state/debate-grid";
import { lazyMarkdown } from "../render/lazy-markdown";
import { renderAnswer } from "../render/markdown";
import { scoreBadge } from "./solution-cards";
import type { ViewContext } from "./view-context";

function cell(ctx: ViewContext, c: GridCell, ri: number): TemplateResult {
  const open = ctx.cursor.turn?.round === ri && ctx.cursor.turn.agent === c.agent;
  const classes = [
    "grid-cell",
    c.changed ? "changed" : "",
    c.consensus ? "consensus" : "",
    open ? "open" : "",
  ];
  return html`<td role="gridcell" class=${classes.join(" ")}>
    ${
      c.turn
        ? html`<button
            class="cell-btn"
            data-round=${ri}
            data-agent=${c.agent}
            aria-pressed=${open ? "true" : "false"}
            aria-label="${c.agent}, round ${c.round + 1}: ${c.answer ?? "no answer"}${c.changed ? ", changed" : ""}${c.consensus ? ", consensus" : ""}"
            @click=${() => ctx.actions.moveTo({ ...ctx.cursor, turn: open ? null : { round: ri, agent: c.agent } })}
          >
            <span class="md-inline"
              >${c.answer === null ? "—" : unsafeHTML(renderAnswer(c.answer))}</span
            >
            ${c.changed ? html`<span class="mark" aria-hidden="true">↻</span>` : nothing}
          </button>`
        : html`<span class="empty">—</span>`
    }
  </td>`;
}

export function debateGrid(ctx: ViewContext): TemplateResult | typeof nothing {
  const grid = buildDebateGrid(ctx.record);
  if (!grid) return nothing;
  return html`<section class="debate" aria-label="Debate">
    <h3>
      Debate
      <span class="legend"
        ><span class="chip consensus">consensus</span>
        <span class="chip changed">↻ changed</span></span
      >
    </h3>
    <table class="debate-grid" role="grid" aria-label="Answers, agents by rounds">
      <thead>
        <tr role="row">
          <th role="columnheader" scope="col">agent</th>
          ${grid.rounds.map((r) => html`<th role="columnheader" scope="col">round ${r + 1}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${grid.agents.map(
          (agent, ai) =>
            html`<tr role="row">
              <th role="rowheader" scope="row">${agent}</th>
              ${(grid.cells[ai] ?? []).map((c, ri) => cell(ctx, c, ri))}
            </tr>`,
        )}
      </tbody>
    </table>
    ${turnPanel(ctx)}
  </section>`;
}

function turnPanel(ctx: ViewContext): TemplateResult | typeof nothing {
  const t = ctx.cursor.turn;
  if (!t) return nothing;
  const turn = ctx.record.rounds?.[t.round]?.turns.find((x) => x.agent === t.agent);
  if (!turn) return nothing;
  return html`<article class="turn-panel" aria-label="${turn.agent}, round ${turn.round + 1}">
    <header>
      <strong>${turn.agent}</strong>, round ${turn.round + 1}
      <button class="link-btn" @click=${() => ctx.actions.moveTo({ ...ctx.cursor, turn: null })}>
        close
      </button>
    </header>
    ${
      turn.steps.length > 0
        ? html`<ol class="steps">
            ${turn.steps.map(
              (st, i) =>
                html`<li class="step">
                  <div class="step-head">
                    <span class="step-no">${i + 1}</span>${scoreBadge(st.score, ctx.prmThreshold)}
                  </div>
                  <div class="md step-text">${lazyMarkdown(st.text)}</div>
                </li>`,
            )}
          </ol>`
        : html`<div class="md">${lazyMarkdown(turn.text)}</div>`
    }
  </article>`;
}
