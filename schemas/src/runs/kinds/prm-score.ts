import { float, int, str, type KindSpec } from "../flag-spec";

/**
 * The extension's PRM scoring script (a later task), uploaded to the job directory and run in the
 * host's AgentArk environment. This table is its contract: the script must accept these flags.
 */
export const PRM_SCORE: KindSpec = {
  kind: "prm-score",
  summary:
    "Score every solution step by step with a PRM checkpoint; writes the step-score sidecar the curation editor reads.",
  entry: "python <uploaded prm_score.py> --input … --prm … --output …",
  unknownFlags: "error",
  flags: [
    str("input", "A results (`*_infer.jsonl`) or labeled file, checkout-relative.", {
      required: true,
    }),
    str("prm", "PRM checkpoint directory (prm/finetune2.py's `output_dir`).", { required: true }),
    str("output", "The sidecar to write; default `<input>.step-scores.jsonl`."),
    str("step_separator", "Splits a solution into steps (GRPO's reward uses a blank line).", {
      default: "\n\n",
    }),
    int("batch_size", 8, "Solutions per forward pass."),
    int("max_length", 8192, "Tokens per scored sequence; longer ones are truncated from the left."),
    str("dtype", "Model dtype.", {
      default: "bfloat16",
      choices: ["bfloat16", "float16", "float32"],
    }),
    float("threshold", 0, "Scores below this are flagged low in the sidecar."),
  ],
};
