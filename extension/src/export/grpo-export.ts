// GRPO prompt data (`train_grpo`, reference §6.2): `{"input": query, "answer": gt}`, with the
// string 'null' when there is no ground truth (PURE's PromptDataset convention: no verifiable
// reward for that prompt). Works on inference and labeled rows alike.
import { SeenSet, type RowExporter } from "./export-kinds";

export function grpoAnswer(gt: unknown): string {
  if (gt === null || gt === undefined || gt === "") return "null";
  if (typeof gt === "string") return gt;
  if (typeof gt === "number" || typeof gt === "boolean") return String(gt);
  return JSON.stringify(gt);
}

export function grpoExporter(): RowExporter {
  const seen = new SeenSet();
  return {
    needsLabels: false,
    files: (out) => ({ main: out }),
    async onRow(row, emit, stats) {
      if (typeof row.query !== "string") return stats.drop("row: no string query");
      if (!seen.add(row.query)) return stats.drop("row: duplicate query");
      const answer = grpoAnswer(row.gt);
      if (answer === "null") stats.count("rows without ground truth (answer 'null')");
      await emit("main", { input: row.query, answer });
    },
  };
}
