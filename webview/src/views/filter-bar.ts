import { html, type TemplateResult } from "lit";
import type { RecordFilter } from "../../../schemas/src/webview-protocol";

const VERDICTS: readonly { value: RecordFilter["verdict"]; text: string }[] = [
  { value: "any", text: "All" },
  { value: "correct", text: "Correct" },
  { value: "incorrect", text: "Incorrect" },
  { value: "mixed", text: "Mixed" },
  { value: "unlabeled", text: "Unlabeled" },
];

export interface FilterBarProps {
  filter: RecordFilter;
  agents: readonly string[];
  solutionIds: readonly number[];
  prmThreshold: number;
  onChange(filter: RecordFilter): void;
  onSearchInput(text: string): void;
}

function toggle(
  p: FilterBarProps,
  key: "errorsOnly" | "disagreeOnly" | "lowPrm",
  text: string,
  title: string,
): TemplateResult {
  const on = p.filter[key];
  return html`<button
    class="seg toggle"
    data-filter=${key}
    aria-pressed=${on ? "true" : "false"}
    title=${title}
    @click=${() => p.onChange({ ...p.filter, [key]: !on })}
  >
    ${text}
  </button>`;
}

export function filterBar(p: FilterBarProps): TemplateResult {
  const f = p.filter;
  return html`<div class="filter-bar" role="toolbar" aria-label="Filters">
    <span class="segmented" role="group" aria-label="Verdict">
      ${VERDICTS.map(
        (v) =>
          html`<button
            class="seg"
            data-verdict=${v.value}
            aria-pressed=${f.verdict === v.value ? "true" : "false"}
            @click=${() => p.onChange({ ...f, verdict: v.value })}
          >
            ${v.text}
          </button>`,
      )}
    </span>
    ${toggle(p, "errorsOnly", "Errors", "Records with an error or a malformed line")}
    ${toggle(p, "disagreeOnly", "Judge ≠ human", "A human verdict differs from the judge's")}
    ${toggle(p, "lowPrm", `PRM < ${p.prmThreshold}`, "Some step scores below the PRM threshold")}
    <select
      class="filter-select"
      aria-label="Agent"
      @change=${(e: Event) => {
        const v = (e.target as HTMLSelectElement).value;
        p.onChange({ ...f, agent: v === "" ? null : v });
      }}
    >
      <option value="" ?selected=${f.agent === null}>any agent</option>
      ${p.agents.map((a) => html`<option value=${a} ?selected=${f.agent === a}>${a}</option>`)}
    </select>
    <select
      class="filter-select"
      aria-label="Solution id"
      @change=${(e: Event) => {
        const v = (e.target as HTMLSelectElement).value;
        p.onChange({ ...f, solutionId: v === "" ? null : Number(v) });
      }}
    >
      <option value="" ?selected=${f.solutionId === null}>any solution</option>
      ${p.solutionIds.map(
        (id) => html`<option value=${id} ?selected=${f.solutionId === id}>#${id}</option>`,
      )}
    </select>
    <input
      id="search"
      class="search"
      type="search"
      placeholder="Search text (/)"
      aria-label="Search record text"
      .value=${f.text}
      @input=${(e: Event) => p.onSearchInput((e.target as HTMLInputElement).value)}
    />
  </div>`;
}
