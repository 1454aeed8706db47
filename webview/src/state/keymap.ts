import type { StepLabel } from "../../../schemas/src/records";

/** Everything a key can do; every command is also reachable by mouse. */
export type Command =
  | { type: "record"; delta: 1 | -1 }
  | { type: "record-edge"; last: boolean }
  | { type: "solution"; delta: 1 | -1 }
  | { type: "step"; delta: 1 | -1 }
  | { type: "verdict"; value: boolean | null }
  | { type: "toggle-verdict"; value: boolean }
  | { type: "step-label"; value: StepLabel }
  | { type: "search" }
  | { type: "reason" }
  | { type: "note"; on: "solution" | "record" }
  | { type: "next-unlabeled"; direction: 1 | -1 }
  | { type: "toggle-think" }
  | { type: "toggle-stats" }
  | { type: "shortcuts" }
  | { type: "escape" };

export interface KeyInput {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  /** Focus is in a text field: single-letter keys belong to it. */
  inTextField: boolean;
}

/** The shortcut sheet is generated from this table, so it cannot drift from the handler. */
export const SHORTCUTS: readonly { keys: string[]; command: Command; help: string }[] = [
  { keys: ["j", "ArrowDown"], command: { type: "record", delta: 1 }, help: "Next record" },
  { keys: ["k", "ArrowUp"], command: { type: "record", delta: -1 }, help: "Previous record" },
  { keys: ["Home", "g"], command: { type: "record-edge", last: false }, help: "First record" },
  { keys: ["End", "G"], command: { type: "record-edge", last: true }, help: "Last record" },
  { keys: ["l", "ArrowRight"], command: { type: "solution", delta: 1 }, help: "Next solution" },
  { keys: ["h", "ArrowLeft"], command: { type: "solution", delta: -1 }, help: "Previous solution" },
  { keys: ["J", "Shift+ArrowDown"], command: { type: "step", delta: 1 }, help: "Next step" },
  { keys: ["K", "Shift+ArrowUp"], command: { type: "step", delta: -1 }, help: "Previous step" },
  {
    keys: ["c"],
    command: { type: "toggle-verdict", value: true },
    help: "Solution correct (toggle)",
  },
  {
    keys: ["x"],
    command: { type: "toggle-verdict", value: false },
    help: "Solution incorrect (toggle)",
  },
  { keys: ["u"], command: { type: "verdict", value: null }, help: "Clear the solution's verdict" },
  { keys: ["1", "-"], command: { type: "step-label", value: -1 }, help: "Step label −1 (wrong)" },
  { keys: ["2", "0"], command: { type: "step-label", value: 0 }, help: "Step label 0 (neutral)" },
  {
    keys: ["3", "+", "="],
    command: { type: "step-label", value: 1 },
    help: "Step label +1 (right)",
  },
  { keys: ["4"], command: { type: "step-label", value: "unsure" }, help: "Step label unsure" },
  {
    keys: ["Backspace", "Delete"],
    command: { type: "step-label", value: null },
    help: "Clear the step label",
  },
  { keys: ["/"], command: { type: "search" }, help: "Search" },
  { keys: ["a"], command: { type: "note", on: "solution" }, help: "Note on the solution" },
  { keys: ["A"], command: { type: "note", on: "record" }, help: "Note on the record" },
  { keys: ["r"], command: { type: "reason" }, help: "Reason for your next changes" },
  {
    keys: ["n"],
    command: { type: "next-unlabeled", direction: 1 },
    help: "Next record needing labels",
  },
  {
    keys: ["N"],
    command: { type: "next-unlabeled", direction: -1 },
    help: "Previous record needing labels",
  },
  { keys: ["t"], command: { type: "toggle-think" }, help: "Show or hide <think> blocks" },
  { keys: ["s"], command: { type: "toggle-stats" }, help: "Stats view" },
  { keys: ["?"], command: { type: "shortcuts" }, help: "This sheet" },
  { keys: ["Escape"], command: { type: "escape" }, help: "Close, leave a text field" },
];

const byKey = new Map<string, Command>();
for (const s of SHORTCUTS) for (const k of s.keys) byKey.set(k, s.command);

/** Maps a key press to a command; null leaves the key to the browser (and to VS Code). */
export function commandForKey(e: KeyInput): Command | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (e.inTextField) return e.key === "Escape" ? { type: "escape" } : null;
  const named = e.shiftKey && e.key.startsWith("Arrow") ? `Shift+${e.key}` : e.key;
  return byKey.get(named) ?? null;
}
