import { html, nothing, svg, type TemplateResult } from "lit";
import type { StatsPayload } from "../../../schemas/src/webview-protocol";
import { cohenKappa, kappaWords } from "../state/stats-math";

/**
 * Plots as plain SVG: chart libraries either draw on canvas with inline styles or need
 * `unsafe-inline` style attributes; SVG presentation attributes and CSS classes need neither,
 * and `--vscode-charts-*` colours theme them.
 */
interface VerdictRow {
  label: string;
  correct: number;
  incorrect: number;
  unlabeled: number;
}

const W = 520;

function stackedBars(title: string, rows: readonly VerdictRow[]): TemplateResult {
  const rowH = 22;
  const labelW = 110;
  const height = rows.length * rowH + 8;
  const max = Math.max(1, ...rows.map((r) => r.correct + r.incorrect + r.unlabeled));
  const scale = (W - labelW - 60) / max;
  return html`<figure class="chart" aria-label=${title}>
    <figcaption>${title}</figcaption>
    <svg viewBox="0 0 ${W} ${height}" width=${W} height=${height} role="img" aria-label=${title}>
      ${rows.map((r, i) => {
        const y = 4 + i * rowH;
        const total = r.correct + r.incorrect + r.unlabeled;
        const acc = r.correct + r.incorrect > 0 ? r.correct / (r.correct + r.incorrect) : null;
        const c = r.correct * scale;
        const x = r.incorrect * scale;
        const u = r.unlabeled * scale;
        return svg`<g>
          <text class="axis" x=${labelW - 6} y=${y + 14} text-anchor="end">${r.label}</text>
          <rect class="bar-ok" x=${labelW} y=${y} width=${c} height=${rowH - 6}><title>${r.correct} correct</title></rect>
          <rect class="bar-bad" x=${labelW + c} y=${y} width=${x} height=${rowH - 6}><title>${r.incorrect} incorrect</title></rect>
          <rect class="bar-none" x=${labelW + c + x} y=${y} width=${u} height=${rowH - 6}><title>${r.unlabeled} unlabeled</title></rect>
          <text class="axis" x=${labelW + total * scale + 4} y=${y + 14}>${acc === null ? "–" : `${Math.round(acc * 100)}%`}</text>
        </g>`;
      })}
    </svg>
  </figure>`;
}

function progress(label: string, done: number, total: number): TemplateResult {
  const pct = total > 0 ? (done / total) * 100 : 0;
  return html`<div class="progress-row">
    <span class="progress-label">${label}</span>
    <svg
      viewBox="0 0 300 12"
      width="300"
      height="12"
      role="progressbar"
      aria-label=${label}
      aria-valuemin="0"
      aria-valuemax=${total}
      aria-valuenow=${done}
    >
      <rect class="bar-track" x="0" y="0" width="300" height="12"></rect>
      <rect class="bar-ok" x="0" y="0" width=${pct * 3} height="12"></rect>
    </svg>
    <span class="progress-value"
      >${done.toLocaleString()} / ${total.toLocaleString()} (${pct.toFixed(1)}%)</span
    >
  </div>`;
}

function histogramChart(bins: readonly number[]): TemplateResult {
  const h = 120;
  const max = Math.max(1, ...bins);
  const bw = (W - 40) / Math.max(1, bins.length);
  return html`<figure class="chart" aria-label="PRM score histogram">
    <figcaption>PRM step scores</figcaption>
    <svg
      viewBox="0 0 ${W} ${h + 20}"
      width=${W}
      height=${h + 20}
      role="img"
      aria-label="PRM score histogram"
    >
      ${bins.map((n, i) => {
        const bh = (n / max) * h;
        const from = -1 + (2 * i) / bins.length;
        return svg`<rect class=${from < 0 ? "bar-bad" : "bar-ok"} x=${20 + i * bw + 1} y=${h - bh} width=${bw - 2} height=${bh}><title>[${from.toFixed(1)}, ${(from + 2 / bins.length).toFixed(1)}): ${n}</title></rect>`;
      })}
      <text class="axis" x="20" y=${h + 14}>−1</text>
      <text class="axis" x=${W / 2} y=${h + 14} text-anchor="middle">0</text>
      <text class="axis" x=${W - 20} y=${h + 14} text-anchor="end">+1</text>
    </svg>
  </figure>`;
}

function answerChanges(rows: StatsPayload["answerChanges"]): TemplateResult | typeof nothing {
  if (rows.length === 0) return nothing;
  return stackedBars(
    "Answer changes between rounds (changed = ✗, kept = ✓)",
    rows.map((r) => ({
      label: `r${r.fromRound + 1}→r${r.fromRound + 2}`,
      correct: r.unchanged,
      incorrect: r.changed,
      unlabeled: 0,
    })),
  );
}

function agreement(stats: StatsPayload): TemplateResult {
  const k = cohenKappa(stats.agreement);
  const [[a, b], [c, d]] = stats.agreement;
  return html`<section class="agreement" aria-label="Judge and human agreement">
    <h4>Judge vs human</h4>
    ${
      k === null
        ? html`<p>No human corrections yet.</p>`
        : html`<p class="kappa">
            Cohen's κ = <strong>${k.toFixed(3)}</strong> (${kappaWords(k)}), n = ${a + b + c + d}
          </p>`
    }
    <table class="confusion">
      <tr>
        <th></th>
        <th scope="col">human ✗</th>
        <th scope="col">human ✓</th>
      </tr>
      <tr>
        <th scope="row">judge ✗</th>
        <td>${a}</td>
        <td>${b}</td>
      </tr>
      <tr>
        <th scope="row">judge ✓</th>
        <td>${c}</td>
        <td>${d}</td>
      </tr>
    </table>
  </section>`;
}

export function statsView(stats: StatsPayload | null): TemplateResult {
  if (!stats)
    return html`<section class="stats" aria-busy="true"><p>Computing stats…</p></section>`;
  const p = stats.labelProgress;
  // The label figures come first; steps, scores, rounds and agreement follow once every record
  // is parsed, and are shown as pending until then rather than as zeros.
  const pending = !stats.stepFigures;
  return html`<section
    class="stats"
    aria-label="Stats"
    aria-busy=${stats.complete ? "false" : "true"}
  >
    <h2>
      Stats over ${stats.records.toLocaleString()}
      records${stats.complete ? "" : pending ? "" : " (so far)"}
    </h2>
    <div class="progress">
      ${progress("Solutions with a verdict", p.solutionsLabeled, p.solutionsTotal)}
      ${pending ? nothing : progress("Steps labelled", p.stepsLabeled, p.stepsTotal)}
    </div>
    ${stackedBars(
      "Accuracy per agent",
      stats.perAgent.map((r) => ({ ...r, label: r.agent })),
    )}
    ${stackedBars(
      "Accuracy per solution id",
      stats.perSolutionId.map((r) => ({ ...r, label: `#${r.solutionId}` })),
    )}
    ${
      pending
        ? html`<p class="pending" role="status">
            Counting steps, PRM scores, answer changes and judge vs human agreement…
          </p>`
        : html`${histogramChart(stats.prmHistogram)} ${answerChanges(stats.answerChanges)}
          ${agreement(stats)}`
    }
  </section>`;
}
