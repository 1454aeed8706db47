// TRL stepwise supervision (`prompt`, `completions` = steps, `labels` = one bool per step) from
// the human step labels in the `agentark_studio` block, for finetune2's hub/folder branch and
// trl's PRMTrainer. PRM800K labels map as +1 and 0 → true, -1 → false; a solution with an unsure
// or unlabeled step is dropped rather than guessed.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { StepLabel } from "../../../schemas/src/records";
import { splitSteps } from "../data/split-steps";
import { splitThink } from "../data/think-blocks";
import type { RowExporter } from "./export-kinds";

/**
 * The steps exactly as the editor showed them when they were labeled (the data core's adapter):
 * `<think>` blocks removed, split on the block's separator (default a blank line), trimmed, empty
 * steps dropped. Label i belongs to step i only if both sides split the same way.
 */
export function labeledSteps(text: string, separator: string | undefined): string[] {
  const visible = splitThink(text).text;
  return separator === undefined ? splitSteps(visible) : splitSteps(visible, separator);
}

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
    needsLabels: true,
    files: (out) => ({
      train: join(out, "train.jsonl"),
      ...(testFraction === undefined ? {} : { test: join(out, "test.jsonl") }),
    }),
    async onRow(row, emit, stats) {
      const stepLabels = row.curation?.step_labels ?? {};
      let emitted = 0;
      for (const s of row.solutions) {
        const labels = stepLabels[String(s.id)];
        if (!labels?.length) {
          stats.drop("solution: no step labels");
          continue;
        }
        const steps = labeledSteps(s.text, row.curation?.separator);
        if (labels.length > steps.length) {
          stats.drop("solution: more step labels than steps");
          continue;
        }
        const bools = steps.map((_, i) => toBool(labels[i]));
        if (bools.some((b) => b === undefined)) {
          stats.drop("solution: unsure or unlabeled steps");
          continue;
        }
        const file =
          testFraction !== undefined && isTestQuery(row.query, testFraction) ? "test" : "train";
        stats.count(`${file} rows`);
        await emit(file, { prompt: row.query, completions: steps, labels: bools });
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
