import { int, str, type KindSpec } from "../flag-spec";

/** `python label.py` (`label.py:276-289`, reference §4.1). */
export const LABEL: KindSpec = {
  kind: "label",
  summary: "Judge every solution of an inference file with a vLLM model (label.py).",
  entry: "python label.py --input … --dataset_name …",
  unknownFlags: "error",
  flags: [
    str(
      "input",
      "The `*_infer.jsonl` to label. Must end with `infer.jsonl` and contain the dataset name (asserts). Output: the same path with `infer.jsonl` → `infer_labeled_by_<judge>.jsonl`, overwritten.",
      { required: true },
    ),
    str(
      "dataset_name",
      "Shapes the judge prompt (`QMSum`, `QASPER` special; `Math`/`GSM8K` reduce gt to an integer).",
      { required: true },
    ),
    str("model", "Judge model for vLLM; its basename names the output file.", {
      default: "Qwen/Qwen2.5-72B-Instruct",
    }),
    int(
      "start",
      0,
      "Slice start over input lines. The output is overwritten, so chunks replace each other.",
    ),
    int("end", undefined, "Slice end (exclusive)."),
    int("max_model_len", 32768, "vLLM `max_model_len` and the truncation budget."),
  ],
};
