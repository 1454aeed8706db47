import { html, nothing, type TemplateResult } from "lit";
import { buildTree, cursorNode, type TreeNode } from "../state/trajectory-tree";
import { scoreClass, type ViewContext } from "./view-context";

const LABEL_TEXT: Record<string, string> = { "-1": "−1", "0": "0", "1": "+1", unsure: "?" };

export function treeItemId(nodeId: string): string {
  return `tree-${nodeId.replace(/:/g, "-")}`;
}

function node(
  ctx: ViewContext,
  n: TreeNode,
  level: number,
  selectedId: string,
  focusId: string,
): TemplateResult {
  const hasChildren = n.children.length > 0;
  const open = ctx.expanded.has(n.id);
  const selected = n.id === selectedId;
  const score = n.step?.score ?? null;
  return html`<li
    role="treeitem"
    class="tree-node kind-${n.kind} ${selected ? "selected" : ""} ${n.id === focusId ? "tree-focus" : ""}"
    id=${treeItemId(n.id)}
    data-node=${n.id}
    aria-level=${level}
    aria-selected=${selected ? "true" : "false"}
    aria-expanded=${hasChildren ? (open ? "true" : "false") : nothing}
  >
    <div class="tree-row">
      ${
        hasChildren
          ? html`<button
              class="twisty"
              aria-label=${open ? "collapse" : "expand"}
              tabindex="-1"
              @click=${() => ctx.actions.toggleNode(n.id)}
            >
              ${open ? "▾" : "▸"}
            </button>`
          : html`<span class="twisty-space"></span>`
      }
      <button class="tree-label" tabindex="-1" @click=${() => ctx.actions.selectNode(n.id)}>
        ${n.label}
        ${
          n.step
            ? html`<span class="tree-score ${scoreClass(score, ctx.prmThreshold)}"
                  >${score === null ? "–" : score.toFixed(2)}</span
                >${
                  n.step.label !== null
                    ? html`<span class="tree-label-chip">${LABEL_TEXT[String(n.step.label)]}</span>`
                    : nothing
                }`
            : nothing
        }
      </button>
    </div>
    ${
      hasChildren && open
        ? html`<ul role="group">
            ${n.children.map((c) => node(ctx, c, level + 1, selectedId, focusId))}
          </ul>`
        : nothing
    }
  </li>`;
}

/** query → rounds → turns → steps, and query → solutions → steps; children drawn only when open. */
export function trajectoryTree(ctx: ViewContext): TemplateResult {
  const root = buildTree(ctx.record);
  const selectedId = cursorNode(ctx.record, ctx.cursor).id;
  const focusId = ctx.treeFocus ?? selectedId;
  return html`<nav class="tree-pane" aria-label="Trajectory">
    <h3>Trajectory</h3>
    <ul
      class="tree"
      role="tree"
      tabindex="0"
      aria-label="Trajectory tree (arrow keys move, Enter picks)"
      aria-activedescendant=${treeItemId(focusId)}
    >
      ${node(ctx, root, 1, selectedId, focusId)}
    </ul>
  </nav>`;
}
