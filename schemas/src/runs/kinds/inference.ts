import { bool, float, int, str, type KindSpec } from "../flag-spec";

/** `python inference.py` (`inference.py:34-58`, reference §2.1). */
export const INFERENCE: KindSpec = {
  kind: "inference",
  summary: "Run a multi-agent method over a dataset (inference.py).",
  entry: "python inference.py --method_name … --test_dataset_name …",
  unknownFlags: "error",
  flags: [
    str(
      "method_name",
      "Method key, resolved by substring against `method2class` and the dataset name (`methods/__init__.py:44-65`); the raw string names the output file.",
      { default: "vanilla" },
    ),
    str(
      "method_config_name",
      "YAML basename inside the method's `configs/` folder; the method's default when unset. Not part of the output file name.",
    ),
    str(
      "model_name",
      "With `use_vllm`: the HF id or path for `vllm.LLM`. Otherwise: the key into `model_api_config`. Also part of the output path.",
      { default: "Qwen/Qwen3-32B" },
    ),
    str("model_api_config", "JSON of HTTP endpoints; loaded only without `use_vllm`.", {
      default: "model_api_configs/model_api_config.json",
    }),
    float("model_temperature", 0.5, "Sampling temperature for every call."),
    int("model_max_tokens", 4096, "`max_tokens` for every call."),
    int("model_timeout", 600, "HTTP timeout in seconds."),
    str("test_dataset_name", "Reads `./datasets/data/<name>.json` (CWD-relative).", {
      default: "MATH",
    }),
    str("output_path", "Overrides `<result_dir>/<dataset>/<model>/<method>_infer.jsonl`."),
    str("result_dir", "Root of the default output path.", { default: "results" }),
    bool(
      "require_val",
      "Loads `<name>_val.json` and calls `optimizing()`, a no-op for every method.",
      { noEffect: "`optimizing()` is a no-op for every shipped method." },
    ),
    int(
      "max_samples",
      undefined,
      "At most N more rows, counted after resume filtering (the flag is spelled with a dash).",
      { flag: "--max-samples" },
    ),
    bool("debug", "Runs one hard-coded query and prints the result; writes no file."),
    bool("sequential", "Unused: sequential is already the default path.", {
      noEffect: "Sequential is already the default; the flag is never read.",
    }),
    int(
      "tensor_parallel_size",
      4,
      "Passed to the method's constructor in vLLM/modal mode. llm_debate ignores it (TP follows CUDA_VISIBLE_DEVICES).",
    ),
    bool(
      "use_vllm",
      "Offline vLLM batch over the whole dataset; only llm_debate runs in this mode. All-or-nothing: a crash saves nothing.",
    ),
    bool("use_modal_batch", "Async HTTP batches of 10 (`inference_vllm_batch`)."),
    int("start", 0, "Start index, used only with `use_modal_batch`."),
  ],
};
