// TRL stepwise supervision (`prompt`, `completions` = steps, `labels` = one bool per step) from
// the human step labels in the `agentark_studio` block, for finetune2's hub/folder branch and
// trl's PRMTrainer. PRM800K labels map as +1 and 0 → true, -1 → false; a solution with an unsure
// or unlabeled step is dropped rather than guessed. Any row the editor labels steps in counts:
// labeled rows, inference rows (llm_debate's agents split out of `response`) and trajectories.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { StepLabel } from "../../../schemas/src/records";
import { curationOf } from "../data/adapters/row-fields";
import { recordOfRow } from "../data/parse-record";
import type { RowExporter } from "./export-kinds";

/** Deterministic: the same query always lands in the same split, run after run. */
export function isTestQuery(query: string, fraction: number): boolean {
  if (fraction <= 0) return false;
  const h = createHash("sha256").update(query).digest().readUInt32BE(0);
  return h / 2 ** 32 < fraction;
}

function toBool(label: StepLabel | undefined): boolean | undefined {
  if (label === 1 || label === 0) return true;
  if (label === -1) return false;
  return undefined;
}

export function prmStepsExporter(testFraction?: number): RowExporter {
  return {
    needsLabels: false,
    files: (out) => ({
      train: join(out, "train.jsonl"),
      ...(testFraction === undefined ? {} : { test: join(out, "test.jsonl") }),
    }),
    async onRow(row, emit, stats) {
      if (typeof row.query !== "string") {
        stats.drop("row: no string query");
        return;
      }
      // The steps exactly as the editor showed them when they were labeled: the data core's
      // adapters, on the separator the labels were made with.
      const view = recordOfRow(row, 0);
      if (view.solutions.length === 0) {
        stats.drop("row: no solutions");
        return;
      }
      const stepLabels = curationOf(row).step_labels ?? {};
      let emitted = 0;
      for (const s of view.solutions) {
        const labels = stepLabels[String(s.id)];
        if (!labels?.length) {
          stats.drop("solution: no step labels");
          continue;
        }
        if (labels.length > s.steps.length) {
          stats.drop("solution: more step labels than steps");
          continue;
        }
        const bools = s.steps.map((step) => toBool(step.label));
        if (bools.some((b) => b === undefined)) {
          stats.drop("solution: unsure or unlabeled steps");
          continue;
        }
        const file =
          testFraction !== undefined && isTestQuery(view.query, testFraction) ? "test" : "train";
        stats.count(`${file} rows`);
        const completions = s.steps.map((step) => step.text);
        await emit(file, { prompt: view.query, completions, labels: bools });
        emitted++;
      }
      if (emitted === 0) stats.count("rows with no usable step-labeled solution");
    },
    finish(outPath, stats) {
      // finetune2 loads the folder's splits by name: an old test.jsonl would be read as this
      // export's test split. It is the user's file, so say so rather than delete it.
      if (testFraction === undefined && existsSync(join(outPath, "test.jsonl")))
        stats.warn(
          `${join(outPath, "test.jsonl")} is left from an earlier export and would be read as the test split`,
        );
    },
  };
}
