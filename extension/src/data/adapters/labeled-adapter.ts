import type { RecordView } from "../../../../schemas/src/records/index";
import { agentName } from "../split-solutions";
import { buildSolution, type ParseOptions } from "./build-solution";
import { asText, commonFields, curationOf, isRow, type Row } from "./row-fields";

/**
 * A labeled row (`*_infer_labeled_by_<judge>.jsonl`, agentark-reference.md §4.4): `query, gt,
 * solutions[{id, text, is_correct}], labels, tag, source`. AgentArk's PRM trainer reads `labels`,
 * so `labels[i]` decides when it disagrees with `solutions[i].is_correct`.
 */
export function adaptLabeled(row: Row, line: number, options: ParseOptions): RecordView {
  const base = commonFields(row, line);
  const curation = curationOf(row);
  const list = Array.isArray(row.solutions) ? (row.solutions as unknown[]) : [];
  const labels = Array.isArray(row.labels) ? (row.labels as unknown[]) : [];
  const solutions = list.map((item, i) => {
    const s = isRow(item) ? item : {};
    const id = solutionId(s, i);
    return buildSolution(
      {
        query: base.query,
        id,
        agent: agentName(id, list.length),
        raw: asText(s.text) ?? "",
        isCorrect: verdict(labels[i], s.is_correct),
        curation,
      },
      options,
    );
  });
  const final = list.length === 1 || list.length === 6 ? solutions.at(-1) : undefined;
  return {
    ...base,
    kind: "labeled",
    finalResponse: final?.text ?? null,
    error: null,
    tokenStats: null,
    solutions,
    rounds: null,
  };
}

/** `solutions[i].id` when it is a number, else the 1-based position. */
export function solutionId(solution: Row, index: number): number {
  return typeof solution.id === "number" && Number.isFinite(solution.id) ? solution.id : index + 1;
}

/** `labels[i]` wins over `is_correct`; neither a boolean means unlabeled. */
export function verdict(label: unknown, isCorrect: unknown): boolean | null {
  if (typeof label === "boolean") return label;
  return typeof isCorrect === "boolean" ? isCorrect : null;
}
