// PRM data for `prm/finetune2.py`: label.py's own row format, keeping only queries with both
// correct and incorrect solutions, which is all finetune2 keeps (reference §5.1).
import { dumpValue, PYTHON_STYLE } from "../curation/json-line-style";
import type { RowExporter } from "./export-kinds";

/** finetune2 reads label.py's format only when its data path contains one of these. */
export const PRM_PATH_MARKERS = ["QASPER", "QMSum", "HotpotQA"] as const;

export function prmPathWarning(outPath: string): string | undefined {
  if (PRM_PATH_MARKERS.some((m) => outPath.includes(m))) return undefined;
  return (
    `prm/finetune2.py reads this format only when --train_data_path contains ` +
    `${PRM_PATH_MARKERS.join(", ")}; ${outPath} contains none, so finetune2 would load it as a ` +
    `generic JSON dataset instead`
  );
}

export function prmExporter(): RowExporter {
  return {
    needsLabels: true,
    files: (out) => ({ main: out }),
    // label.py writes json.dumps(..., ensure_ascii=False): keep that look.
    serialize: (row) => dumpValue(row, PYTHON_STYLE),
    async onRow(row, emit, stats) {
      const labels = row.solutions.map((s) => s.correct);
      // finetune2 passes `labels` to the trainer as they are: a null would reach it as a label
      // it cannot read. Stricter than finetune2's own filter, and counted in the manifest.
      if (labels.some((l) => l === null)) return stats.drop("row: an unlabeled solution");
      if (!labels.includes(true)) return stats.drop("row: no correct solution");
      if (!labels.includes(false)) return stats.drop("row: no incorrect solution");
      if (row.inconsistent) stats.count("rows whose labels and is_correct disagreed (labels used)");
      await emit("main", {
        query: row.query,
        gt: row.gt ?? null,
        solutions: row.solutions.map((s) => ({ id: s.id, text: s.text, is_correct: s.correct })),
        labels,
        tag: row.tag,
        source: row.source,
      });
    },
    finish(outPath, stats) {
      const warning = prmPathWarning(outPath);
      if (warning) stats.warn(warning);
    },
  };
}
