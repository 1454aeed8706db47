import type { RecordView, Solution } from "../../../../schemas/src/records/index";
import { CAMEL_START, parseCamelTranscript } from "../camel-transcript";
import { agentName, splitSolutions } from "../split-solutions";
import { splitThink } from "../think-blocks";
import { buildSolution, type ParseOptions } from "./build-solution";
import { asText, commonFields, curationOf, tokenStatsOf, type Row } from "./row-fields";

/**
 * An inference row (`*_infer.jsonl`, agentark-reference.md §3): the dataset row plus `response`,
 * `token_stats` and, when the method raised, `error` instead of `response`. llm_debate's response
 * splits into its agents and the aggregator as label.py splits it; camel's transcript becomes
 * rounds; any other method's response is one solution (label.py's split finds no header).
 */
export function adaptInfer(row: Row, line: number, options: ParseOptions): RecordView {
  const base = commonFields(row, line);
  const curation = curationOf(row);
  const response = asText(row.response);
  const view: RecordView = {
    ...base,
    kind: "infer",
    finalResponse: null,
    error: asText(row.error),
    tokenStats: tokenStatsOf(row),
    solutions: [],
    rounds: null,
  };
  if (response === null) return view;
  const make = (id: number, agent: string | null, raw: string): Solution =>
    buildSolution({ query: base.query, id, agent, raw, isCorrect: null, curation }, options);
  // Solutions are always label.py's split, so ids match the labeled file; a camel transcript
  // also becomes rounds.
  const parts = splitSolutions(response);
  const solutions = parts.map((p) => make(p.id, agentName(p.id, parts.length), p.text));
  if (response.startsWith(CAMEL_START)) {
    const camel = parseCamelTranscript(response, curation.separator ?? options.separator);
    const last = camel.lastAssistant;
    return {
      ...view,
      solutions,
      rounds: camel.rounds,
      finalResponse: last === null ? null : splitThink(last).text,
    };
  }
  const final = parts.length === 1 || parts.length === 6 ? solutions.at(-1) : undefined;
  return { ...view, solutions, finalResponse: final?.text ?? null };
}
