import { bool, float, int, list, str, type FlagSpec, type KindSpec } from "../flag-spec";

/** The eval entry points, chosen with the run's `script:` arg. */
export const EVAL_SCRIPTS = ["short_answer_eval", "math_eval", "eval_save"] as const;
export type EvalScript = (typeof EVAL_SCRIPTS)[number];

/** `python -m eval.short_answer_eval` from the repo root (`:44-68`, reference §7.1). */
const SHORT_ANSWER: readonly FlagSpec[] = [
  int("batch_size", 64, "Generation batch."),
  int("tensor_parallel_size", 1, "vLLM tensor parallelism."),
  str(
    "dataset_name",
    "`QMSum`, `QASPER` or `HotpotQA` (built in memory); anything else raises ValueError.",
    {
      choices: ["QMSum", "QASPER", "HotpotQA"],
    },
  ),
  str(
    "model_name_or_path",
    "Model to generate with; a path containing `outputs` must contain the dataset name.",
    {
      required: true,
    },
  ),
  str("subfolder", "Model subfolder."),
  str("setting", "`generalization` changes the output path."),
  str("output_dir", "Output root.", { default: "outputs" }),
  str("split", "Dataset split.", { default: "test" }),
  int("num_test_sample", -1, "Unused.", { noEffect: "Never read." }),
  int("seed", 0, "Seed."),
  float("temperature", 0.7, "Sampling temperature."),
  int("max_tokens_per_call", 512, "Generated tokens."),
  bool("use_safetensors", "Load safetensors."),
  bool("use_vllm", "Generate with vLLM."),
  bool("save_outputs", "Unused.", { noEffect: "Never read." }),
  int("max_model_len", undefined, "vLLM max_model_len."),
  int("max_prompt_tokens", undefined, "Without `max_model_len` this raises TypeError."),
];

/** `python3 -u math_eval.py` with CWD `eval/` (`:21-60`, reference §7.2). */
const MATH: readonly FlagSpec[] = [
  int("batch_size", 64, "Generation batch."),
  list("data_names", "comma", "Benchmarks, joined with commas.", { default: ["gsm8k", "math"] }),
  str("data_dir", "Data root (`<data_dir>/<name>/<split>.jsonl`).", { default: "./data" }),
  str("model_name_or_path", "Model.", { default: "gpt-4" }),
  str("output_dir", "Output root.", { default: "./output" }),
  str("prompt_type", "Prompt template.", { default: "tool-integrated" }),
  str("split", "Split.", { default: "test" }),
  str("subfolder", "Model subfolder."),
  int("num_test_sample", -1, "-1 = all."),
  int("seed", 0, "Seed."),
  int("start", 0, "Start index."),
  int("end", -1, "End index."),
  float("temperature", 0, "Sampling temperature."),
  int("n_sampling", 1, "Samples per problem."),
  float("top_p", 1, "Forced to 1 at temperature 0."),
  int("max_tokens_per_call", 2048, "Generated tokens."),
  bool("shuffle", "Shuffle."),
  bool("use_vllm", "Generate with vLLM."),
  bool("overwrite", "Redo processed idx values."),
  bool("use_safetensors", "Load safetensors."),
  bool("apply_chat_template", "Use the chat template."),
  bool("adapt_few_shot", "Adapt few-shot examples."),
  int("num_shots", 0, "Few-shot count."),
  int("pipeline_parallel_size", 1, "TP = GPUs // this."),
];

/** `python eval_save.py` from the repo root (`:385-400`, reference §7.6). */
const EVAL_SAVE: readonly FlagSpec[] = [
  str("eval_protocol", "Protocol name.", { default: "xverify" }),
  str("model_name", "Unused for grading (regex), but loaded.", { default: "Qwen/Qwen3-8B" }),
  str("model_api_config", "Still loaded: needs `max_workers_per_model`.", {
    default: "model_api_configs/model_api_config.json",
  }),
  float("model_temperature", 0.5, "Unused."),
  int("model_max_tokens", 2048, "Unused."),
  int("model_timeout", 600, "Unused."),
  str("tested_dataset_name", "Dataset of the results file.", { default: "MedMCQA" }),
  str("tested_method_name", "Method of the results file.", { default: "MAS-GPT" }),
  str("tested_method_config_name", "Adds `_<config>` to the expected file name."),
  str("tested_mas_model_name", "Model of the results file.", { default: "Qwen/Qwen3-8B" }),
  str("tested_infer_path", "Explicit results file."),
  bool("debug", "Debug mode."),
  bool("overwrite", "Redo graded rows."),
  bool("sequential", "Sequential grading."),
];

export const EVAL_FLAGS: Readonly<Record<EvalScript, readonly FlagSpec[]>> = {
  short_answer_eval: SHORT_ANSWER,
  math_eval: MATH,
  eval_save: EVAL_SAVE,
};

/** README flags the code lacks (§0.11): argparse rejects them. */
export const EVAL_README_DRIFT: Readonly<Record<EvalScript, Readonly<Record<string, string>>>> = {
  short_answer_eval: {
    input_file:
      "README:67-69 passes `--input_file`, but short_answer_eval generates its own answers and has no such flag.",
    apply_chat_template:
      "README:242 passes `--apply_chat_template`; the chat template is always applied and argparse rejects the flag.",
  },
  math_eval: {
    input_file: "README:263-265 passes `--input_file`; math_eval.py has no such flag.",
    dataset_name: "README:263-265 passes `--dataset_name`; math_eval.py takes `--data_names`.",
  },
  eval_save: {},
};

export const EVAL: KindSpec = {
  kind: "eval",
  summary: "Evaluate: `script:` short_answer_eval (default), math_eval or eval_save.",
  entry:
    "python -m eval.short_answer_eval … | (cd eval && python3 -u math_eval.py …) | python eval_save.py …",
  unknownFlags: "error",
  flags: SHORT_ANSWER,
  meta: [
    str("script", "Which eval entry point runs.", {
      default: "short_answer_eval",
      choices: EVAL_SCRIPTS,
    }),
  ],
};
