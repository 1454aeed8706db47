import * as z from "zod/mini";

/**
 * The per-step score sidecar a PRM scoring run writes beside a result file:
 * `<results>.jsonl` → `<results>.step-scores.jsonl` (the `.jsonl` replaced), one line per scored solution.
 * Steps are the solution text split on `separator` (AgentArk's GRPO reward splits on a blank
 * line); `scores[i]` is p(correct) − p(incorrect) at the end of step i, in [-1, 1].
 *
 * ```json
 * {"query": "...", "solution_id": 3, "separator": "\n\n", "scores": [0.8, 0.2, -0.6], "model": "ckpt/prm-qwen3-8b"}
 * ```
 * Lines are matched to records by `query` (AgentArk's join key) and `solution_id`.
 */
export const StepScoreLine = z.object({
  query: z.string(),
  solution_id: z.number(),
  separator: z.string(),
  scores: z.array(z.number()),
  model: z.optional(z.string()),
});
export type StepScoreLine = z.infer<typeof StepScoreLine>;

export const STEP_SCORES_SUFFIX = ".step-scores.jsonl";

/** `results/x_infer.jsonl` → `results/x_infer.step-scores.jsonl`. */
export function stepScoresPathFor(resultsPath: string): string {
  return resultsPath.replace(/\.jsonl$/, "") + STEP_SCORES_SUFFIX;
}
