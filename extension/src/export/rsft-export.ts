// R-SFT data (reasoning-enhanced SFT): one `{"input": query, "output": solution}` row per query
// with a correct final solution, for `train_sft --input_key input --output_key output`.
import type { RowExporter, RsftPreference } from "./export-kinds";
import { SeenSet } from "./export-kinds";
import { aggregatedSolution, type LabeledRow, type LabeledSolution } from "./labeled-row";

/**
 * `aggregate` (default): the method's aggregated answer when it is correct, else the first correct
 * agent solution. `first-correct`: the first correct agent solution, else the aggregate.
 */
export function pickRsftSolution(
  row: LabeledRow,
  prefer: RsftPreference,
): { solution: LabeledSolution; rule: string } | undefined {
  const aggregate = aggregatedSolution(row);
  const agents = row.solutions.filter((s) => s !== aggregate);
  const firstAgent = agents.find((s) => s.correct === true);
  const aggregateOk = aggregate?.correct === true ? aggregate : undefined;
  const order =
    prefer === "aggregate"
      ? [
          { solution: aggregateOk, rule: "aggregate" },
          { solution: firstAgent, rule: "first correct agent" },
        ]
      : [
          { solution: firstAgent, rule: "first correct agent" },
          { solution: aggregateOk, rule: "aggregate" },
        ];
  const hit = order.find((o) => o.solution);
  return hit?.solution ? { solution: hit.solution, rule: hit.rule } : undefined;
}

export function rsftExporter(prefer: RsftPreference = "aggregate"): RowExporter {
  const seen = new SeenSet();
  return {
    needsLabels: true,
    files: (out) => ({ main: out }),
    async onRow(row, emit, stats) {
      const pick = pickRsftSolution(row, prefer);
      if (!pick) return stats.drop("row: no correct solution");
      if (!seen.add(row.query)) return stats.drop("row: duplicate query");
      stats.count(`picked: ${pick.rule}`);
      await emit("main", { input: row.query, output: pick.solution.text });
    },
  };
}
