import { html, nothing, type TemplateResult } from "lit";
import type { RecordSummary, StatsPayload } from "../../../schemas/src/webview-protocol";
import "./record-list";
import { recordView, type RecordExtras } from "./record-view";
import { shortcutSheet } from "./shortcut-sheet";
import { statsView } from "./stats-view";
import { toolbar, type ToolbarProps } from "./toolbar";
import { trajectoryTree } from "./tree-view";
import type { ViewContext } from "./view-context";

export interface AppLayoutProps {
  toolbar: ToolbarProps;
  view: "record" | "stats";
  stats: StatsPayload | null;
  /** The selected record's view state, when one is loaded. */
  context: ViewContext | null;
  extras: RecordExtras;
  list: {
    total: number;
    complete: boolean;
    selected: number;
    revision: number;
    prmThreshold: number;
    rowAt(position: number): RecordSummary | undefined;
    need(start: number, end: number): void;
    select(position: number): void;
  };
  toast: string;
  sheetOpen: boolean;
  closeSheet(): void;
}

/** The editor's page: toolbar, record list, the record or the stats, the tree, toast and sheet. */
export function appLayout(p: AppLayoutProps): TemplateResult {
  const context = p.context;
  const detail =
    p.view === "stats"
      ? statsView(p.stats)
      : context
        ? recordView(context, p.extras)
        : html`<p class="empty-state">
            ${p.list.total === 0 && p.list.complete ? "No records match." : "Loading…"}
          </p>`;
  return html`${toolbar(p.toolbar)}
    <div class="layout">
      <record-list
        .total=${p.list.total}
        .selected=${p.list.selected}
        .revision=${p.list.revision}
        .prmThreshold=${p.list.prmThreshold}
        .rowAt=${(position: number) => p.list.rowAt(position)}
        @rows-needed=${(e: CustomEvent<{ start: number; end: number }>) => p.list.need(e.detail.start, e.detail.end)}
        @select-row=${(e: CustomEvent<number>) => p.list.select(e.detail)}
      ></record-list>
      <main class="detail">${detail}</main>
      ${p.view === "record" && context ? trajectoryTree(context) : nothing}
    </div>
    <div class="toast" role="status" aria-live="polite">${p.toast}</div>
    ${p.sheetOpen ? shortcutSheet(() => p.closeSheet()) : nothing}`;
}
