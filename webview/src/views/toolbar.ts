import { html, nothing, type TemplateResult } from "lit";
import "@vscode-elements/elements/dist/vscode-button/index.js";
import "@vscode-elements/elements/dist/vscode-badge/index.js";
import "@vscode-elements/elements/dist/vscode-textfield/index.js";
import type { VscodeTextfield } from "@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js";
import type { FromWebview, IndexProgress } from "../../../schemas/src/webview-protocol";
import type { Command } from "../state/keymap";
import { filterBar, type FilterBarProps } from "./filter-bar";

export interface ToolbarProps {
  fileName: string;
  total: number;
  complete: boolean;
  index: IndexProgress | null;
  view: "record" | "stats";
  filter: FilterBarProps;
  /** The Reason field: sent with every edit while it holds text, into the audit trail. */
  reason: string;
  onReasonInput(text: string): void;
  run(command: Command): void;
  post(message: FromWebview): void;
}

/** File name, record count, indexing progress, filters, and the mouse route to every action. */
export function toolbar(p: ToolbarProps): TemplateResult {
  const idx = p.index;
  const percent = idx ? Math.round((idx.bytesIndexed / Math.max(1, idx.totalBytes)) * 100) : 0;
  return html`<header class="toolbar">
    <span class="file" title=${p.fileName}>${p.fileName}</span>
    <vscode-badge class="count" aria-label="records">
      ${p.total.toLocaleString()}${p.complete ? "" : "…"}
    </vscode-badge>
    ${
      idx && !idx.done
        ? html`<span class="indexing" role="status">indexing ${percent}%</span>`
        : nothing
    }
    ${filterBar(p.filter)}
    <span class="actions">
      <vscode-textfield
        id="reason"
        class="reason"
        placeholder="Reason for changes (r)"
        aria-label="Reason for your changes, kept in the audit trail"
        title="Kept in the audit trail with every change you make while this holds text"
        maxlength="500"
        .value=${p.reason}
        @input=${(e: Event) => p.onReasonInput((e.target as VscodeTextfield).value)}
        @keydown=${(e: KeyboardEvent) => {
          if (e.key === "Enter") p.run({ type: "escape" });
        }}
      ></vscode-textfield>
      <vscode-button secondary @click=${() => p.run({ type: "toggle-stats" })} title="Stats (s)">
        ${p.view === "stats" ? "Records" : "Stats"}
      </vscode-button>
      <vscode-button
        secondary
        @click=${() => p.run({ type: "next-unlabeled", direction: -1 })}
        title="Previous record needing labels (N)"
        aria-label="Previous unlabeled"
      >
        ‹
      </vscode-button>
      <vscode-button
        secondary
        @click=${() => p.run({ type: "next-unlabeled", direction: 1 })}
        title="Next record needing labels (n)"
      >
        Next unlabeled
      </vscode-button>
      <vscode-button secondary @click=${() => p.post({ type: "undo" })} title="Undo (Ctrl+Z)">
        Undo
      </vscode-button>
      <vscode-button secondary @click=${() => p.post({ type: "redo" })} title="Redo (Ctrl+Y)">
        Redo
      </vscode-button>
      <vscode-button secondary @click=${() => p.post({ type: "openExport" })}
        >Export…</vscode-button
      >
      <vscode-button secondary @click=${() => p.run({ type: "shortcuts" })} title="Shortcuts (?)">
        ?
      </vscode-button>
    </span>
  </header>`;
}
