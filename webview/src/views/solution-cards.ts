import { html, nothing, type TemplateResult } from "lit";
import { repeat } from "lit/directives/repeat.js";
import { cssProps } from "./css-props";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import type { Solution, Step, StepLabel } from "../../../schemas/src/records";
import { lazyMarkdown } from "../render/lazy-markdown";
import { renderAnswer } from "../render/markdown";
import { noteRow } from "./note-row";
import { scoreClass, type ViewContext } from "./view-context";
import { verdictsHeldElsewhere } from "../state/verdict-home";

const LABELS: readonly { value: StepLabel; text: string; name: string; key: string }[] = [
  { value: -1, text: "−1", name: "wrong", key: "1" },
  { value: 0, text: "0", name: "neutral", key: "2" },
  { value: 1, text: "+1", name: "right", key: "3" },
  { value: "unsure", text: "?", name: "unsure", key: "4" },
];

export function scoreBadge(score: number | null, threshold: number): TemplateResult {
  const width = score === null ? 0 : Math.round(((score + 1) / 2) * 100);
  return html`<span class="score ${scoreClass(score, threshold)}" title="PRM score">
    <span class="score-bar" aria-hidden="true"
      ><span class="score-fill" ${cssProps({ width: `${width}%` })}></span></span
    ><span class="score-value">${score === null ? "–" : score.toFixed(2)}</span>
  </span>`;
}

function stepRow(ctx: ViewContext, si: number, step: Step, i: number): TemplateResult {
  const focused = ctx.cursor.solution === si && ctx.cursor.step === i;
  const { actions } = ctx;
  return html`<li
    class="step ${focused ? "focused" : ""} label-${String(step.label)}"
    id="step-${si}-${i}"
    data-step=${i}
    aria-current=${focused ? "step" : "false"}
    @click=${() => actions.moveTo({ solution: si, step: i, turn: ctx.cursor.turn })}
  >
    <div class="step-head">
      <span class="step-no">${i + 1}</span>
      ${scoreBadge(step.score, ctx.prmThreshold)}
      <span class="step-labels" role="radiogroup" aria-label="Step ${i + 1} label">
        ${LABELS.map(
          (l) =>
            html`<button
              class="label-btn label-btn-${l.name}"
              role="radio"
              aria-checked=${step.label === l.value ? "true" : "false"}
              title="${l.name} (${l.key})"
              ?disabled=${ctx.readOnly}
              @click=${(e: Event) => {
                e.stopPropagation();
                actions.setStepLabel(si, i, step.label === l.value ? null : l.value);
              }}
            >
              ${l.text}
            </button>`,
        )}
      </span>
    </div>
    <div class="md step-text">${lazyMarkdown(step.text)}</div>
  </li>`;
}

/** The judge's verdict beside the person's, where a person overruled it. */
function judgeVerdict(ctx: ViewContext, s: Solution): TemplateResult | typeof nothing {
  if (s.judgeVerdict === undefined) return nothing;
  const text = s.judgeVerdict ? "correct" : "incorrect";
  const judge = ctx.judge ?? "The judge";
  return html`<span
    class="judge-verdict"
    title="${judge} said ${text}; a person changed it (see History)"
    aria-label="${judge} said ${text}"
    >judge: ${s.judgeVerdict ? "✓" : "✗"} ${text}</span
  >`;
}

function verdictButtons(ctx: ViewContext, si: number, s: Solution): TemplateResult {
  const set = (v: boolean) => () => ctx.actions.setVerdict(si, s.isCorrect === v ? null : v);
  // Shown, so the verdicts still read, but not pressable where they cannot be changed.
  const elsewhere = verdictsHeldElsewhere(ctx.record);
  return html`<span class="verdict" role="group" aria-label="Verdict">
    <button
      class="verdict-btn ok"
      aria-pressed=${s.isCorrect === true ? "true" : "false"}
      title=${elsewhere ?? "Correct (c)"}
      ?disabled=${ctx.readOnly || elsewhere !== null}
      @click=${set(true)}
    >
      ✓ correct
    </button>
    <button
      class="verdict-btn bad"
      aria-pressed=${s.isCorrect === false ? "true" : "false"}
      title=${elsewhere ?? "Incorrect (x)"}
      ?disabled=${ctx.readOnly || elsewhere !== null}
      @click=${set(false)}
    >
      ✗ incorrect
    </button>
  </span>`;
}

function card(ctx: ViewContext, s: Solution, si: number): TemplateResult {
  const focused = ctx.cursor.solution === si;
  return html`<section
    class="solution-card ${focused ? "focused" : ""} verdict-${String(s.isCorrect)}"
    id="solution-${si}"
    aria-label="Solution ${s.id}${s.agent ? `, ${s.agent}` : ""}"
    aria-current=${focused ? "true" : "false"}
    @click=${() => {
      if (ctx.cursor.solution !== si)
        ctx.actions.moveTo({ solution: si, step: -1, turn: ctx.cursor.turn });
    }}
  >
    <header class="card-head">
      <span class="agent">${s.agent ?? "solution"}</span>
      <span class="sol-id">#${s.id}</span>
      <span class="final"
        >→
        <span class="md-inline"
          >${s.finalAnswer === null ? "no answer" : unsafeHTML(renderAnswer(s.finalAnswer))}</span
        ></span
      >
      ${judgeVerdict(ctx, s)} ${verdictButtons(ctx, si, s)}
    </header>
    ${
      s.think.length > 0
        ? s.think.map(
            (t, ti) =>
              html`<details class="think" ?open=${ctx.showThink}>
                <summary>think ${s.think.length > 1 ? ti + 1 : ""}</summary>
                <div class="md">${lazyMarkdown(t)}</div>
              </details>`,
          )
        : nothing
    }
    ${
      s.steps.length > 0
        ? html`<ol class="steps" aria-label="Steps">
            ${repeat(
              s.steps,
              (_, i) => i,
              (step, i) => stepRow(ctx, si, step, i),
            )}
          </ol>`
        : html`<div class="md">${lazyMarkdown(s.text)}</div>`
    }
    ${noteRow(ctx, si)}
  </section>`;
}

export function solutionCards(ctx: ViewContext): TemplateResult {
  return html`<div class="cards">${ctx.record.solutions.map((s, si) => card(ctx, s, si))}</div>`;
}
