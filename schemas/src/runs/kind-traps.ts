import { didYouMean as didYouMeanName } from "../did-you-mean";
import type { Args, RunFinding } from "./check-run";
import { resolveMethod } from "./resolve-method";

// The traps of one kind each, from the reference (§2.3, §1.3, §4.1, §5.1, §6.1); each finding
// points at the arg whose key or value is at fault.

const SHORT_ANSWER_DATASETS = /QMSum|QASPER|HotpotQA/;

export function checkInference(name: string, args: Args, methods: readonly string[]): RunFinding[] {
  const findings: RunFinding[] = [];
  const path = (key: string): readonly string[] => ["runs", name, "args", key];
  const rawMethod = args.method_name ?? "vanilla";
  const rawDataset = args.test_dataset_name ?? "MATH";
  const method = typeof rawMethod === "string" ? rawMethod : String(rawMethod);
  const dataset = typeof rawDataset === "string" ? rawDataset : String(rawDataset);
  const where = args.method_name === undefined ? ["runs", name, "kind"] : path("method_name");
  const resolution = resolveMethod(method, dataset, methods);
  let resolved: string | undefined;
  switch (resolution.kind) {
    case "value-error": {
      const suggestion = didYouMeanName(method, methods);
      findings.push({
        code: "method-not-found",
        severity: "error",
        message: `No method matches \`${method}\`: inference.py raises ValueError("[ERROR] No method found matching ...").${suggestion ? ` Did you mean \`${suggestion}\`?` : ""}`,
        path: where,
        target: "value",
        ...(suggestion && args.method_name !== undefined ? { replacement: suggestion } : {}),
      });
      break;
    }
    case "key-error": {
      // The `_main` variant is the general-purpose class where a family has one (mav_main).
      const main = resolution.candidates.find((c) => c.endsWith("_main"));
      const advice = main
        ? `Use \`${main}\`.`
        : `Name one exactly: ${resolution.candidates.map((c) => `\`${c}\``).join(", ")}.`;
      findings.push({
        code: "method-key-error",
        severity: "error",
        message: `\`${method}\` only partly matches ${resolution.candidates.map((c) => `\`${c}\``).join(", ")} and none fits dataset \`${dataset}\`: inference.py raises KeyError('${method.toLowerCase()}'). ${advice}`,
        path: where,
        target: "value",
        ...(main && args.method_name !== undefined ? { replacement: main } : {}),
      });
      break;
    }
    case "resolved":
      resolved = resolution.method;
      if (resolution.ambiguous.length > 1)
        findings.push({
          code: "method-ambiguous",
          severity: "warning",
          message: `\`${method}\` with \`${dataset}\` matches ${resolution.ambiguous.map((c) => `\`${c}\``).join(", ")}; AgentArk takes \`${resolved}\` (first in registry order) and prints a warning. Name it exactly.`,
          path: where,
          target: "value",
        });
      else if (resolved !== method)
        findings.push({
          code: "method-resolves-to",
          severity: "info",
          message: `\`${method}\` with \`${dataset}\` runs \`${resolved}\` (the output file is still named \`${method}_infer.jsonl\`).`,
          path: where,
          target: "value",
        });
      break;
  }
  if (
    resolved === "llm_debate" &&
    args.tensor_parallel_size !== undefined &&
    args.tensor_parallel_size !== null
  )
    findings.push({
      code: "tp-no-effect",
      severity: "warning",
      message:
        "llm_debate ignores `--tensor_parallel_size`: its vLLM engine uses every GPU in CUDA_VISIBLE_DEVICES. Set `env: {CUDA_VISIBLE_DEVICES: …}` instead.",
      path: path("tensor_parallel_size"),
      target: "key",
    });
  if (args.start !== undefined && args.start !== null && args.use_modal_batch !== true)
    findings.push({
      code: "no-effect",
      severity: "warning",
      message:
        "`--start` is read only with `use_modal_batch`; the other modes always start at the first unprocessed row.",
      path: path("start"),
      target: "key",
    });
  if (args.use_vllm === true && resolved !== undefined && resolved !== "llm_debate")
    findings.push({
      code: "vllm-unsupported",
      severity: "error",
      message: `\`--use_vllm\` crashes for \`${resolved}\`: only llm_debate implements the vLLM path (${resolved === "vanilla" ? "`inference_batch` gets 2 positional args" : "the constructor rejects `tensor_parallel_size`"}). Drop \`use_vllm\` and serve the model over HTTP (model_api_config).`,
      path: path("use_vllm"),
      target: "key",
    });
  return findings;
}

export function checkLabel(name: string, args: Args): RunFinding[] {
  const findings: RunFinding[] = [];
  const path = (key: string): readonly string[] => ["runs", name, "args", key];
  if (args.tensor_parallel_size !== undefined)
    findings.push({
      code: "label-no-tp",
      severity: "error",
      message:
        "label.py has no `--tensor_parallel_size` (README:137 is wrong; argparse rejects it). Its vLLM uses every visible GPU: set `env: {CUDA_VISIBLE_DEVICES: …}`.",
      path: path("tensor_parallel_size"),
      target: "key",
    });
  const input = args.input;
  if (typeof input === "string") {
    if (!input.endsWith("infer.jsonl"))
      findings.push({
        code: "label-input-suffix",
        severity: "error",
        message: "label.py asserts `--input` ends with `infer.jsonl` (`label.py:286`).",
        path: path("input"),
        target: "value",
      });
    const dataset = args.dataset_name;
    if (typeof dataset === "string" && !input.includes(dataset))
      findings.push({
        code: "label-input-dataset",
        severity: "error",
        message: `label.py asserts \`--input\` contains \`--dataset_name\` (\`${dataset}\`) (\`label.py:287\`).`,
        path: path("dataset_name"),
        target: "value",
      });
  }
  if (args.start !== undefined || args.end !== undefined)
    findings.push({
      code: "label-overwrites",
      severity: "warning",
      message:
        'label.py writes its output once, at the end, with mode "w": each `start`/`end` chunk overwrites the previous chunk\'s labels. Run chunks with a distinct `--input` copy each, or label everything at once.',
      path: path(args.start !== undefined ? "start" : "end"),
      target: "key",
    });
  return findings;
}

export function checkPrmTrain(name: string, args: Args): RunFinding[] {
  const model =
    typeof args.model_name_or_path === "string" ? args.model_name_or_path : "Qwen/Qwen2-0.5B";
  const out = args.output_dir;
  const base = model.split("/").pop() ?? model;
  if (typeof out !== "string" || out.includes(base)) return [];
  return [
    {
      code: "output-dir-basename",
      severity: "error",
      message: `finetune2 asserts the model's basename \`${base}\` is in \`--output_dir\` (\`finetune2.py:532\`): \`${out}\` fails. E.g. \`${out.replace(/\/$/, "")}_${base}\`.`,
      path: ["runs", name, "args", "output_dir"],
      target: "value",
      replacement: `${out.replace(/\/$/, "")}_${base}`,
    },
  ];
}

export function checkGrpo(name: string, args: Args): RunFinding[] {
  const findings: RunFinding[] = [];
  const path = (key: string): readonly string[] => ["runs", name, "args", key];
  const mode = args.reward_mode;
  if (typeof mode === "string" && !["PRM", "PRMVR", "VR"].includes(mode))
    findings.push({
      code: "reward-mode-orm",
      severity: "error",
      message: `train_grpo's \`--reward_mode\` accepts PRM, PRMVR or VR; \`${mode}\` is rejected by argparse${mode === "ORM" ? " (README:221 is wrong: there is no ORM; use VR for an outcome-only reward)" : ""}.`,
      path: path("reward_mode"),
      target: "value",
    });
  const estimator = args.advantage_estimator;
  if (typeof estimator === "string" && estimator !== "rloo")
    findings.push({
      code: "advantage-estimator",
      severity: "error",
      message:
        estimator === "reinforce"
          ? "`reinforce` passes argparse but fails at run time: process_experiences asserts rloo (`experience_maker.py:624-633`). Use `rloo`."
          : `train_grpo's \`--advantage_estimator\` accepts reinforce or rloo; \`${estimator}\` is rejected${estimator === "gae" ? " (README:220 is wrong)" : ""}. Use \`rloo\`.`,
      path: path("advantage_estimator"),
      target: "value",
      replacement: "rloo",
    });
  const data = args.prompt_data;
  if (typeof data === "string" && SHORT_ANSWER_DATASETS.test(data) && args.input_template !== "")
    findings.push({
      code: "grpo-input-template",
      severity: "error",
      message:
        'train_grpo asserts an empty `--input_template` when `--prompt_data` names QMSum, QASPER or HotpotQA: add `input_template: ""`.',
      path: path(args.input_template === undefined ? "prompt_data" : "input_template"),
      target: args.input_template === undefined ? "key" : "value",
    });
  const n = args.n_samples_per_prompt;
  if (typeof n === "number" && n <= 1)
    findings.push({
      code: "grpo-samples-per-prompt",
      severity: "error",
      message: "RLOO asserts `n_samples_per_prompt > 1` (`train_grpo.py:424-425`).",
      path: path("n_samples_per_prompt"),
      target: "value",
    });
  return findings;
}

/** short_answer_eval compares `max_prompt_tokens` with `max_model_len` (`:66-67`). */
export function checkEval(name: string, args: Args): RunFinding[] {
  if (args.script !== undefined && args.script !== "short_answer_eval") return [];
  if (args.max_prompt_tokens === undefined || args.max_prompt_tokens === null) return [];
  if (args.max_model_len !== undefined && args.max_model_len !== null) return [];
  return [
    {
      code: "missing-arg",
      severity: "error",
      message:
        "short_answer_eval compares `--max_prompt_tokens` with `--max_model_len` (None without it): TypeError. Set `max_model_len` too.",
      path: ["runs", name, "args", "max_prompt_tokens"],
      target: "key",
    },
  ];
}

/** train_sft's post-parse rule (`:225-251`): ring attention needs packed samples. */
export function checkSft(name: string, args: Args): RunFinding[] {
  const ring = args.ring_attn_size;
  if (typeof ring !== "number" || ring <= 1 || args.packing_samples === true) return [];
  return [
    {
      code: "missing-arg",
      severity: "error",
      message:
        "train_sft asserts `packing_samples` when `ring_attn_size > 1`: add `packing_samples: true`.",
      path: ["runs", name, "args", "ring_attn_size"],
      target: "value",
    },
  ];
}
