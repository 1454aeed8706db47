// What the exports read from a row: label.py's labeled shape (`query, gt,
// solutions[{id,text,is_correct}], labels, tag, source`) plus the curation block; inference rows
// (`query, gt, response, token_stats`) are recognised so exports can say why they cannot be used.
import { CURATION_KEY, type CurationBlock } from "../../../schemas/src/records";

export interface LabeledSolution {
  id: number;
  text: string;
  /** `labels[i]` when present (what AgentArk's PRM trainer reads), else `is_correct`. */
  correct: boolean | null;
  agent: string | null;
}

export interface LabeledRow {
  query: string;
  gt: unknown;
  solutions: LabeledSolution[];
  tag: unknown;
  source: unknown;
  curation: CurationBlock | undefined;
  /** `labels` and `is_correct` disagreed somewhere (labels won). */
  inconsistent: boolean;
}

export type RowShape =
  | { kind: "labeled"; row: LabeledRow }
  | { kind: "inference" }
  | { kind: "invalid"; reason: string };

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function asCorrect(v: unknown): boolean | null | undefined {
  return typeof v === "boolean" || v === null ? v : undefined;
}

export function classifyRow(row: unknown): RowShape {
  if (!isObject(row)) return { kind: "invalid", reason: "not a JSON object" };
  if (typeof row.query !== "string") return { kind: "invalid", reason: "no string query" };
  const solutions = Array.isArray(row.solutions) ? row.solutions : [];
  if (solutions.length === 0)
    return "response" in row || "error" in row
      ? { kind: "inference" }
      : { kind: "invalid", reason: "no solutions" };
  const labels = Array.isArray(row.labels) ? row.labels : undefined;
  const out: LabeledSolution[] = [];
  let inconsistent = false;
  for (const [i, s] of solutions.entries()) {
    if (!isObject(s) || typeof s.text !== "string" || typeof s.id !== "number")
      return { kind: "invalid", reason: "a solution without id or text" };
    const fromLabel = labels ? asCorrect(labels[i]) : undefined;
    const fromSolution = asCorrect(s.is_correct);
    if (fromLabel !== undefined && fromSolution !== undefined && fromLabel !== fromSolution)
      inconsistent = true;
    out.push({
      id: s.id,
      text: s.text,
      correct: fromLabel ?? fromSolution ?? null,
      agent: typeof s.agent === "string" ? s.agent : null,
    });
  }
  const block = row[CURATION_KEY];
  return {
    kind: "labeled",
    row: {
      query: row.query,
      gt: row.gt,
      solutions: out,
      tag: row.tag ?? null,
      source: row.source ?? null,
      curation: isObject(block) ? block : undefined,
      inconsistent,
    },
  };
}

/**
 * The method's aggregated answer: a solution whose agent is `aggregator`, or llm_debate's
 * aggregate, which label.py numbers 6 after agents 1-5 (reference §4.4).
 */
export function aggregatedSolution(row: LabeledRow): LabeledSolution | undefined {
  const named = row.solutions.find((s) => s.agent === "aggregator");
  if (named) return named;
  const maxId = Math.max(...row.solutions.map((s) => s.id));
  return maxId === 6 ? row.solutions.find((s) => s.id === 6) : undefined;
}
