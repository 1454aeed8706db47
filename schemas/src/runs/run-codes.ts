/**
 * Stable codes of every finding on a run (`check-run.ts`) or on `agentark.runs.yaml`. They show
 * in the Problems panel and the job engine refuses to send a run with an error: never rename one.
 */
export const RUN_DIAGNOSTIC_CODES = {
  "runs-schema": "The run file does not match its schema (a wrong type or an unknown field).",
  "runs-yaml-syntax": "The run file is not valid YAML.",
  "runs-duplicate-key": "A key appears twice in one mapping; the last one silently wins.",
  "unknown-host": "`host:` names no host of `hosts:` and is not `local`.",
  "host-no-ssh": "A host other than `local` has no `ssh:`.",
  "slurm-without-scheduler": "A `slurm:` block on a host whose scheduler is not `slurm`.",
  "unknown-after": "`after:` names no run of this file.",
  "after-cycle": "`after:` links form a cycle; no run of it can start.",
  "unknown-arg":
    "The script does not accept the flag (argparse exits with 'unrecognized arguments').",
  "ignored-arg": "prm/finetune2.py silently ignores flags it does not know.",
  "readme-drift": "A flag AgentArk's README documents but the code lacks.",
  "missing-arg": "A flag the script needs is absent.",
  "arg-type": "The value has the wrong type for the flag.",
  "arg-choice": "The value is not one of the flag's choices.",
  "no-effect": "The script accepts the flag but never uses it.",
  "method-not-found": "No registry key contains the method name: ValueError.",
  "method-key-error": "The method name is only a partial match for this dataset: KeyError.",
  "method-ambiguous": "Several methods match the dataset; the first in registry order is used.",
  "method-resolves-to": "The method name resolves to another registry key.",
  "tp-no-effect": "`tensor_parallel_size` has no effect on llm_debate; set CUDA_VISIBLE_DEVICES.",
  "vllm-unsupported": "`use_vllm` crashes for every method but llm_debate.",
  "label-no-tp": "label.py has no tensor-parallel flag; it uses every visible GPU.",
  "label-overwrites": "label.py overwrites its output, written once at the end.",
  "label-input-suffix": "label.py asserts that `--input` ends with `infer.jsonl`.",
  "label-input-dataset": "label.py asserts that `--input` contains `--dataset_name`.",
  "reward-mode-orm": "train_grpo has no `--reward_mode ORM` (choices PRM, PRMVR, VR).",
  "advantage-estimator": "train_grpo rejects `gae` and fails at run time with `reinforce`.",
  "grpo-input-template": "QMSum/QASPER/HotpotQA prompt data asserts an empty `--input_template`.",
  "grpo-samples-per-prompt": "RLOO asserts `n_samples_per_prompt > 1`.",
  "grpo-port-collision": "Two GRPO runs on one host bind MASTER_PORT 12355.",
  "output-dir-basename": "finetune2 asserts that `--output_dir` contains the model's basename.",
  "math-eval-cuda": "eval/math_eval.py reads CUDA_VISIBLE_DEVICES and raises KeyError without it.",
  "secret-in-args": "A secret on argv is visible in `ps` and in the job's command file.",
  "custom-no-command": "A custom run needs `command:`.",
  "command-not-custom": "`command:` is used only by custom runs.",
} as const;

export type RunDiagnosticCode = keyof typeof RUN_DIAGNOSTIC_CODES;
