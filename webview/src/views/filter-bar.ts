import "@vscode-elements/elements/dist/vscode-button/index.js";
import "@vscode-elements/elements/dist/vscode-button-group/index.js";
import "@vscode-elements/elements/dist/vscode-checkbox/index.js";
import "@vscode-elements/elements/dist/vscode-option/index.js";
import "@vscode-elements/elements/dist/vscode-single-select/index.js";
import "@vscode-elements/elements/dist/vscode-textfield/index.js";
import type { VscodeCheckbox } from "@vscode-elements/elements/dist/vscode-checkbox/vscode-checkbox.js";
import type { VscodeSingleSelect } from "@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js";
import type { VscodeTextfield } from "@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js";
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
  return html`<vscode-checkbox
    data-filter=${key}
    title=${title}
    .checked=${p.filter[key]}
    @change=${(e: Event) =>
      p.onChange({ ...p.filter, [key]: (e.target as VscodeCheckbox).checked })}
    >${text}</vscode-checkbox
  >`;
}

/**
 * Typing in a combobox narrows its options; this makes the first one left active, as a quick pick
 * does, so Enter picks it. (The component activates none while filtering, and Enter with none
 * active empties the field.) Its own ArrowDown handling does it, from no active option.
 */
function activateFirstMatch(e: Event): void {
  (e.currentTarget as VscodeSingleSelect).dispatchEvent(
    new KeyboardEvent("keydown", { key: "ArrowDown" }),
  );
}

/**
 * A select whose first option, value "", means "no filter". In combobox mode: typing narrows the
 * options to those containing the text (a lab's run can have dozens of agents or solution ids),
 * Enter picks the first, arrows move, as in the plain select. Enter on text that matches nothing
 * keeps the filter as it was (the component would select nothing, which reads as "any").
 */
function select(
  label: string,
  anyText: string,
  options: readonly { value: string; text: string }[],
  selected: string,
  onPick: (value: string) => void,
): TemplateResult {
  return html`<vscode-single-select
    class="filter-select"
    combobox
    filter="contains"
    aria-label=${label}
    label=${label}
    title=${label}
    @change=${(e: Event) => {
      const el = e.target as VscodeSingleSelect;
      if (el.selectedIndex < 0) el.value = selected;
      else onPick(el.value);
    }}
    @input=${activateFirstMatch}
  >
    <vscode-option value="" ?selected=${selected === ""}>${anyText}</vscode-option>
    ${options.map(
      (o) =>
        html`<vscode-option value=${o.value} ?selected=${selected === o.value}
          >${o.text}</vscode-option
        >`,
    )}
  </vscode-single-select>`;
}

export function filterBar(p: FilterBarProps): TemplateResult {
  const f = p.filter;
  return html`<div class="filter-bar" role="toolbar" aria-label="Filters">
    <vscode-button-group role="group" aria-label="Verdict">
      ${VERDICTS.map(
        (v) =>
          html`<vscode-button
            data-verdict=${v.value}
            ?secondary=${f.verdict !== v.value}
            aria-pressed=${f.verdict === v.value ? "true" : "false"}
            @click=${() => p.onChange({ ...f, verdict: v.value })}
            >${v.text}</vscode-button
          >`,
      )}
    </vscode-button-group>
    ${toggle(p, "errorsOnly", "Errors", "Records with an error or a malformed line")}
    ${toggle(p, "disagreeOnly", "Judge ≠ human", "A human verdict differs from the judge's")}
    ${toggle(p, "lowPrm", `PRM < ${p.prmThreshold}`, "Some step scores below the PRM threshold")}
    ${select(
      "Agent",
      "any agent",
      p.agents.map((a) => ({ value: a, text: a })),
      f.agent ?? "",
      (v) => p.onChange({ ...f, agent: v === "" ? null : v }),
    )}
    ${select(
      "Solution id",
      "any solution",
      p.solutionIds.map((id) => ({ value: String(id), text: `#${id}` })),
      f.solutionId === null ? "" : String(f.solutionId),
      (v) => p.onChange({ ...f, solutionId: v === "" ? null : Number(v) }),
    )}
    <vscode-textfield
      id="search"
      class="search"
      type="search"
      placeholder="Search text (/)"
      aria-label="Search record text"
      .label=${"Search record text"}
      .value=${f.text}
      @input=${(e: Event) => p.onSearchInput((e.target as VscodeTextfield).value)}
    ></vscode-textfield>
  </div>`;
}
