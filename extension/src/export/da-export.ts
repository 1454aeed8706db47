// Trajectory-based data augmentation: every distinct correct solution of a query becomes its own
// `{"input", "output"}` SFT row (same fields as R-SFT, so the same train_sft flags apply).
import { SeenSet, type RowExporter } from "./export-kinds";

export function daExporter(): RowExporter {
  const seen = new SeenSet();
  return {
    needsLabels: true,
    files: (out) => ({ main: out }),
    async onRow(row, emit, stats) {
      const correct = row.solutions.filter((s) => s.correct === true);
      if (correct.length === 0) return stats.drop("row: no correct solution");
      for (const s of correct) {
        if (!seen.add(row.query, s.text)) {
          stats.count("duplicate correct solutions skipped");
          continue;
        }
        await emit("main", { input: row.query, output: s.text });
      }
    },
  };
}
