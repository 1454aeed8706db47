import { float, int, str, type KindSpec } from "../flag-spec";

/**
 * The extension's PRM scoring script, extension/python/prm_score.py: written to
 * `<checkout>/.agentark-studio/prm_score.py` before the job starts (uploadPrmScoreScript) and run
 * there in the host's AgentArk environment. This table is its contract: the script accepts
 * exactly these flags (a Python unit test runs them). Exit status 0 done, 2 bad flags or a
 * missing input, 1 any other failure.
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
    str(
      "prm",
      "PRM checkpoint directory (prm/finetune2.py's `output_dir`): a 2-label token-classification model, scored as GRPO's reward does.",
      { required: true },
    ),
    str(
      "output",
      "The sidecar to write, replaced whole; default `<input>.step-scores.jsonl` (`.jsonl` replaced).",
    ),
    str(
      "step_separator",
      "Splits a solution into steps (GRPO's reward uses a blank line); a row's own curation separator wins, as in the editor.",
      { default: "\n\n" },
    ),
    int("batch_size", 8, "Solutions per forward pass."),
    int(
      "max_length",
      8192,
      "Tokens per scored sequence. A longer one loses the head of its query first (down to half of this); steps still past it are left unscored.",
    ),
    str("dtype", "Model dtype.", {
      default: "bfloat16",
      choices: ["bfloat16", "float16", "float32"],
    }),
    float(
      "threshold",
      0,
      "Scores below this are listed in each sidecar line's `low` (step indices from 0).",
    ),
  ],
};
