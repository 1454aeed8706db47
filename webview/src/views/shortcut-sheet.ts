import { html, type TemplateResult } from "lit";
import { SHORTCUTS } from "../state/keymap";

const KEY_NAMES: Record<string, string> = {
  ArrowDown: "↓",
  ArrowUp: "↑",
  ArrowLeft: "←",
  ArrowRight: "→",
  "Shift+ArrowDown": "Shift+↓",
  "Shift+ArrowUp": "Shift+↑",
};

export function shortcutSheet(onClose: () => void): TemplateResult {
  return html`<div class="sheet-backdrop" @click=${onClose}>
    <div
      class="sheet"
      role="dialog"
      aria-modal="true"
      aria-labelledby="sheet-title"
      tabindex="-1"
      @click=${(e: Event) => e.stopPropagation()}
    >
      <h2 id="sheet-title">Keyboard shortcuts</h2>
      <table>
        ${SHORTCUTS.map(
          (s) =>
            html`<tr>
              <td>${s.keys.map((k) => html`<kbd>${KEY_NAMES[k] ?? k}</kbd> `)}</td>
              <td>${s.help}</td>
            </tr>`,
        )}
        <tr>
          <td><kbd>Ctrl</kbd>+<kbd>Z</kbd> / <kbd>Ctrl</kbd>+<kbd>Y</kbd></td>
          <td>Undo / redo (VS Code)</td>
        </tr>
      </table>
      <button class="seg" @click=${onClose}>Close (Esc)</button>
    </div>
  </div>`;
}
