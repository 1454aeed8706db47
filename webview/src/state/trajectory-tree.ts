import type { RecordView, Step } from "../../../schemas/src/records";
import type { Cursor } from "./cursor";

/** Tree node ids are paths: `q`, `s:1`, `s:1:4`, `r:0`, `r:0:2` (round, agent), `r:0:2:7`. */
export interface TreeNode {
  id: string;
  label: string;
  kind: "query" | "solution" | "round" | "turn" | "step";
  step?: Step;
  children: TreeNode[];
}

export function buildTree(record: RecordView): TreeNode {
  const stepNode = (prefix: string, step: Step, i: number): TreeNode => ({
    id: `${prefix}:${i}`,
    label: `Step ${i + 1}`,
    kind: "step",
    step,
    children: [],
  });
  const solutions: TreeNode[] = record.solutions.map((s, si) => ({
    id: `s:${si}`,
    label: `${s.agent ?? "solution"} #${s.id}`,
    kind: "solution",
    children: s.steps.map((st, i) => stepNode(`s:${si}`, st, i)),
  }));
  const rounds: TreeNode[] = (record.rounds ?? []).map((r, ri) => ({
    id: `r:${ri}`,
    label: `Round ${r.index + 1}`,
    kind: "round",
    children: r.turns.map((t, ti) => ({
      id: `r:${ri}:${ti}`,
      label: t.agent,
      kind: "turn",
      children: t.steps.map((st, i) => stepNode(`r:${ri}:${ti}`, st, i)),
    })),
  }));
  return { id: "q", label: "Query", kind: "query", children: [...rounds, ...solutions] };
}

/** Ids to expand so the first step scoring below `threshold` is visible (solutions first). */
export function pathToFirstLowStep(record: RecordView, threshold: number): string[] {
  for (const [si, s] of record.solutions.entries()) {
    const i = s.steps.findIndex((st) => st.score !== null && st.score < threshold);
    if (i >= 0) return ["q", `s:${si}`];
  }
  for (const [ri, r] of (record.rounds ?? []).entries()) {
    for (const [ti, t] of r.turns.entries()) {
      if (t.steps.some((st) => st.score !== null && st.score < threshold)) {
        return ["q", `r:${ri}`, `r:${ri}:${ti}`];
      }
    }
  }
  return ["q"];
}

/** The tree node the cursor points at, and the ids that must be open to show it. */
export function cursorNode(record: RecordView, c: Cursor): { id: string; open: string[] } {
  if (c.turn) {
    const { round, agent } = c.turn;
    const turnIndex = record.rounds?.[round]?.turns.findIndex((t) => t.agent === agent) ?? -1;
    if (turnIndex >= 0) return { id: `r:${round}:${turnIndex}`, open: ["q", `r:${round}`] };
  }
  if (c.step >= 0) return { id: `s:${c.solution}:${c.step}`, open: ["q", `s:${c.solution}`] };
  return { id: `s:${c.solution}`, open: ["q"] };
}

/** Parses a node id back into a cursor (clicking a node moves the cursor there). */
export function cursorForNode(record: RecordView, id: string, current: Cursor): Cursor | null {
  const parts = id.split(":");
  const n = parts.slice(1).map(Number);
  if (parts[0] === "s" && n[0] !== undefined)
    return { solution: n[0], step: n[1] ?? -1, turn: null };
  if (parts[0] === "r" && n[0] !== undefined && n[1] !== undefined) {
    const agent = record.rounds?.[n[0]]?.turns[n[1]]?.agent;
    if (agent !== undefined) return { ...current, turn: { round: n[0], agent } };
  }
  return null;
}

export interface VisibleNode {
  id: string;
  parent: string | null;
  hasChildren: boolean;
}

/** The nodes a person can see, in order, given which are open. */
export function visibleNodes(root: TreeNode, expanded: ReadonlySet<string>): VisibleNode[] {
  const out: VisibleNode[] = [];
  const walk = (n: TreeNode, parent: string | null) => {
    out.push({ id: n.id, parent, hasChildren: n.children.length > 0 });
    if (expanded.has(n.id)) for (const c of n.children) walk(c, n.id);
  };
  walk(root, null);
  return out;
}

export type TreeKeyResult =
  | { type: "focus"; id: string }
  | { type: "expand"; id: string }
  | { type: "collapse"; id: string }
  | { type: "select"; id: string }
  | null;

/** The ARIA tree pattern's keys: ↑/↓ move, → opens or enters, ← closes or leaves, Enter picks. */
export function treeKey(
  key: string,
  focus: string,
  root: TreeNode,
  expanded: ReadonlySet<string>,
): TreeKeyResult {
  const nodes = visibleNodes(root, expanded);
  const i = nodes.findIndex((n) => n.id === focus);
  const node = nodes[i];
  if (!node) return nodes[0] ? { type: "focus", id: nodes[0].id } : null;
  switch (key) {
    case "ArrowDown":
      return { type: "focus", id: nodes[Math.min(nodes.length - 1, i + 1)]?.id ?? focus };
    case "ArrowUp":
      return { type: "focus", id: nodes[Math.max(0, i - 1)]?.id ?? focus };
    case "ArrowRight":
      if (!node.hasChildren) return null;
      if (!expanded.has(node.id)) return { type: "expand", id: node.id };
      return { type: "focus", id: nodes[i + 1]?.id ?? focus };
    case "ArrowLeft":
      if (node.hasChildren && expanded.has(node.id)) return { type: "collapse", id: node.id };
      return node.parent ? { type: "focus", id: node.parent } : null;
    case "Home":
      return { type: "focus", id: nodes[0]?.id ?? focus };
    case "End":
      return { type: "focus", id: nodes.at(-1)?.id ?? focus };
    case "Enter":
    case " ":
      return { type: "select", id: node.id };
    default:
      return null;
  }
}
