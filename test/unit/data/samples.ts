import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The sample run in samples/workspace/results (written by bench/jsonl/generate-results.mjs). */
export const SAMPLES = join(
  __dirname,
  "..",
  "..",
  "..",
  "samples",
  "workspace",
  "results",
  "MATH",
  "Qwen",
  "Qwen3-8B",
);
export const INFER = join(SAMPLES, "llm_debate_infer.jsonl");
export const HTTP_INFER = join(SAMPLES, "llm_debate_http_infer.jsonl");
export const LABELED = join(SAMPLES, "llm_debate_infer_labeled_by_Qwen2.5-72B-Instruct.jsonl");
export const STEP_SCORES = join(
  SAMPLES,
  "llm_debate_infer_labeled_by_Qwen2.5-72B-Instruct.step-scores.jsonl",
);
export const TRAJECTORY = join(SAMPLES, "llm_debate_trajectory_infer.jsonl");

export function sampleLines(file: string): string[] {
  return readFileSync(file, "utf8").split("\n").slice(0, -1);
}
