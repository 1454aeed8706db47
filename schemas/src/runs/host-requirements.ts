import { evalScriptOf } from "./kinds";
import type { Run } from "./run-file";

/**
 * A path the job engine tests with `test -e` (relative to the checkout) before launching: things
 * AgentArk does not ship (reference §0) or inputs the run reads. A missing one stops the launch
 * with `reason`, instead of a traceback minutes into the job.
 */
export interface HostRequirement {
  readonly path: string;
  readonly reason: string;
}

const OPENRLHF_DATASETS: HostRequirement = {
  path: "openrlhf/datasets",
  reason:
    "openrlhf/datasets/ is not in AgentArk as shipped (.gitignore's `datasets*` swallowed it); every openrlhf CLI fails with ModuleNotFoundError. Copy it from CJReinforce/PURE.",
};

/** What must exist on the host for `run` to get past its imports and asserts. */
export function hostRequirements(run: Run): HostRequirement[] {
  const args = run.args ?? {};
  const str = (key: string): string | undefined => {
    const v = args[key];
    return typeof v === "string" && v !== "" ? v : undefined;
  };
  switch (run.kind) {
    case "inference": {
      const out: HostRequirement[] = [
        {
          path: `datasets/data/${str("test_dataset_name") ?? "MATH"}.json`,
          reason:
            "inference.py reads ./datasets/data/<test_dataset_name>.json; AgentArk ships no datasets.",
        },
      ];
      if (args.use_vllm !== true)
        out.push({
          path: str("model_api_config") ?? "model_api_configs/model_api_config.json",
          reason:
            "Without use_vllm, inference.py loads the model API config (not shipped, git-ignored).",
        });
      return out;
    }
    case "label": {
      const input = str("input");
      return input ? [{ path: input, reason: "label.py's --input must exist on the host." }] : [];
    }
    case "prm-train": {
      const out: HostRequirement[] = [
        {
          path: "misc_utils.py",
          reason:
            "prm/finetune2.py imports print_colored from misc_utils, which AgentArk does not ship.",
        },
      ];
      const data = str("train_data_path");
      if (data && (data.endsWith(".jsonl") || /QASPER|QMSum|HotpotQA/.test(data)))
        out.push({ path: data, reason: "finetune2's --train_data_path must exist on the host." });
      return out;
    }
    case "grpo": {
      const out: HostRequirement[] = [
        OPENRLHF_DATASETS,
        {
          path: "examples/scripts",
          reason:
            "PURETrainer copies ./examples/scripts into <save_path>/scripts on rank 0; it is not shipped, so GRPO raises FileNotFoundError.",
        },
      ];
      const data = str("prompt_data");
      if (data && /\.(jsonl?|csv)$/.test(data))
        out.push({ path: data, reason: "train_grpo's --prompt_data must exist on the host." });
      return out;
    }
    case "sft":
      return [OPENRLHF_DATASETS];
    case "eval":
      switch (evalScriptOf(args)) {
        case "math_eval":
          return [
            {
              path: "eval/utils.py",
              reason:
                "eval/math_eval.py imports construct_prompt/load_jsonl from a bare `utils`, and AgentArk ships no eval/utils.py.",
            },
          ];
        case "eval_save":
          return [
            {
              path: str("model_api_config") ?? "model_api_configs/model_api_config.json",
              reason:
                "eval_save.py loads the model API config for max_workers even though it grades by regex.",
            },
          ];
        case "short_answer_eval":
          return [];
      }
      return [];
    case "prm-score": {
      const input = str("input");
      return input ? [{ path: input, reason: "The file to score must exist on the host." }] : [];
    }
    case "custom":
      return [];
  }
}
