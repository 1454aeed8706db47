import { bool, float, int, list, str, type FlagSpec, type KindSpec } from "../flag-spec";

/** Standard HF `TrainingArguments` (transformers 4.46.3) users pass to finetune2 most often. */
const HF_TRAINING: readonly FlagSpec[] = [
  int("num_train_epochs", 3, "Epochs (HF TrainingArguments)."),
  int("max_steps", -1, "Stop after this many steps; overrides epochs when > 0."),
  int("per_device_train_batch_size", 8, "Batch size per GPU."),
  int("per_device_eval_batch_size", 8, "Eval batch size per GPU."),
  int("gradient_accumulation_steps", 1, "Steps to accumulate before an optimizer step."),
  float("weight_decay", 0, "AdamW weight decay."),
  float("adam_beta1", 0.9, "AdamW beta1."),
  float("adam_beta2", 0.999, "AdamW beta2."),
  float("warmup_ratio", 0, "Linear warmup fraction."),
  int("warmup_steps", 0, "Linear warmup steps."),
  str("lr_scheduler_type", "Scheduler (HF).", { default: "linear" }),
  int("logging_steps", 500, "Log every N steps."),
  str("logging_dir", "TensorBoard log dir."),
  str("save_strategy", "When to save a checkpoint.", {
    default: "steps",
    choices: ["no", "steps", "epoch"],
  }),
  int("save_steps", 500, "Checkpoint every N steps."),
  int("save_total_limit", undefined, "Keep at most N checkpoints."),
  str("eval_strategy", "When to evaluate (no eval set in the label-file branch).", {
    default: "no",
    choices: ["no", "steps", "epoch"],
  }),
  bool("bf16", "bfloat16 mixed precision."),
  bool("fp16", "float16 mixed precision."),
  bool("tf32", "Allow TF32 matmuls."),
  bool("gradient_checkpointing", "Always enabled by finetune2 anyway (`:555-557`)."),
  list(
    "report_to",
    "space",
    "Integrations; `wandb` re-enables wandb with project PRM_Math_Shepherd.",
  ),
  str("run_name", "Run name for the loggers."),
  str("deepspeed", "DeepSpeed config JSON, e.g. `prm/ds_config_zero3.json`."),
  int("seed", 42, "Random seed."),
  bool("overwrite_output_dir", "Overwrite the output directory."),
  str("resume_from_checkpoint", "Checkpoint to resume from."),
  int("dataloader_num_workers", 0, "Dataloader worker processes."),
  bool("remove_unused_columns", "HF drops unused dataset columns (default True).", {
    default: true,
  }),
  float("max_grad_norm", 1, "Gradient clipping."),
  str("optim", "Optimizer name (HF).", { default: "adamw_torch" }),
  int("local_rank", -1, "Set by the launcher."),
];

/** `PYTHONPATH=. python prm/finetune2.py` (reference §5.1). */
export const PRM_TRAIN: KindSpec = {
  kind: "prm-train",
  summary: "Train a token-classification PRM on label.py output (prm/finetune2.py).",
  entry:
    "PYTHONPATH=. python prm/finetune2.py --model_name_or_path … --train_data_path … --output_dir …",
  // HfArgumentParser(..., return_remaining_strings=True) drops what it does not know (`:522-531`).
  unknownFlags: "ignored",
  flags: [
    str(
      "model_name_or_path",
      "Base model; its basename must appear in `output_dir` (assert `:532`).",
      {
        default: "Qwen/Qwen2-0.5B",
      },
    ),
    str(
      "train_data_path",
      "A label.py output whose path contains QASPER/QMSum/HotpotQA (converted in memory, rows with both labels kept), else a `.jsonl` or a hub dataset in TRL stepwise format.",
      { default: "trl-lib/math_shepherd" },
    ),
    str("eval_data_path", "Unused.", { noEffect: "finetune2 never reads eval_data_path." }),
    bool("lazy_preprocess", "Unused.", { noEffect: "finetune2 never reads lazy_preprocess." }),
    int("max_train_samples", undefined, "Hub branch only."),
    int(
      "max_eval_samples",
      undefined,
      "Hub branch only; required there when the test split is missing.",
    ),
    str("output_dir", "Checkpoints and the final model. Must contain the model's basename.", {
      required: true,
    }),
    str("cache_dir", "HF cache directory."),
    int("max_length", 128000, "Sequence length cap (finetune2 overrides trl's None)."),
    int("max_completion_length", 8000, "Completion token cap."),
    bool("fix_llm", "Freeze the backbone; only the `score` head trains."),
    bool("enable_nan_monitoring", "Raise and dump the batch on NaN/Inf.", { default: true }),
    int("nan_check_interval", 50, "Steps between NaN checks."),
    float("learning_rate", 1e-5, "trl PRMConfig learning rate."),
    str("step_separator", "trl PRMConfig step separator.", { default: "\n" }),
    bool("train_on_last_step_only", "Label only the last step."),
    int("dataset_num_proc", undefined, "Tokenization processes."),
    ...HF_TRAINING,
  ],
};
