import type { RecordView } from "../../../../schemas/src/records/index";
import { asText, commonFields, firstText, tokenStatsOf, type Row } from "./row-fields";

const QUERY_KEYS = ["query", "question", "prompt", "problem", "input", "instruction"];
const GT_KEYS = ["gt", "answer", "ground_truth", "reference"];
const RESPONSE_KEYS = ["response", "output", "completion", "prediction"];

/** A JSON object of no known kind: what can be shown, from the usual field names. */
export function adaptUnknown(row: Row, line: number): RecordView {
  return {
    ...commonFields(row, line),
    kind: "unknown",
    query: firstText(row, QUERY_KEYS) ?? "",
    gt: firstText(row, GT_KEYS),
    finalResponse: firstText(row, RESPONSE_KEYS),
    error: asText(row.error),
    tokenStats: tokenStatsOf(row),
    solutions: [],
    rounds: null,
  };
}
