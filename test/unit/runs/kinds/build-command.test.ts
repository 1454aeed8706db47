import { describe, expect, it } from "vitest";
import { buildCommand, PRM_SCORE_SCRIPT } from "../../../../extension/src/runs/kinds/build-command";
import { preflight } from "../../../../extension/src/runs/kinds/check-run";
import type { Host, RunFile } from "../../../../schemas/src/runs";

describe("buildCommand", () => {
  it("inference: python inference.py, bare booleans, false left out, --max-samples with a dash", () => {
    const host: Host = { ssh: "gpu", env: { CUDA_VISIBLE_DEVICES: "0,1", HF_HOME: "/data/hf" } };
    expect(
      buildCommand(
        {
          kind: "inference",
          env: { HF_HOME: "/scratch/hf" },
          args: {
            method_name: "llm_debate",
            test_dataset_name: "QMSum",
            model_name: "Qwen/Qwen3-8B",
            use_vllm: true,
            debug: false,
            max_samples: 10,
            model_temperature: 0.7,
          },
        },
        host,
      ),
    ).toEqual({
      argv: [
        "python",
        "inference.py",
        "--method_name",
        "llm_debate",
        "--test_dataset_name",
        "QMSum",
        "--model_name",
        "Qwen/Qwen3-8B",
        "--use_vllm",
        "--max-samples",
        "10",
        "--model_temperature",
        "0.7",
      ],
      env: { CUDA_VISIBLE_DEVICES: "0,1", HF_HOME: "/scratch/hf" },
      cwd: "checkout",
    });
  });

  it("label: python label.py --input … --dataset_name …", () => {
    expect(
      buildCommand({
        kind: "label",
        args: { input: "results/QMSum/a_infer.jsonl", dataset_name: "QMSum" },
      }).argv,
    ).toEqual([
      "python",
      "label.py",
      "--input",
      "results/QMSum/a_infer.jsonl",
      "--dataset_name",
      "QMSum",
    ]);
  });

  it("prm-train: PYTHONPATH=. python prm/finetune2.py, HF booleans turned off explicitly", () => {
    const command = buildCommand({
      kind: "prm-train",
      args: {
        model_name_or_path: "Qwen/Qwen3-8B",
        output_dir: "out/Qwen3-8B",
        bf16: true,
        enable_nan_monitoring: false,
        report_to: ["wandb"],
      },
    });
    expect(command.env).toEqual({ PYTHONPATH: "." });
    expect(command.argv).toEqual([
      "python",
      "prm/finetune2.py",
      "--model_name_or_path",
      "Qwen/Qwen3-8B",
      "--output_dir",
      "out/Qwen3-8B",
      "--bf16",
      "--enable_nan_monitoring",
      "False",
      "--report_to",
      "wandb",
    ]);
  });

  it("grpo: python -m openrlhf.cli.train_grpo, nargs lists space-separated, secrets by name", () => {
    const command = buildCommand({
      kind: "grpo",
      secrets: ["WANDB_API_KEY"],
      args: {
        pretrain: "Qwen/Qwen3-8B",
        adam_betas: [0.9, 0.95],
        input_template: "",
        target_modules: ["q_proj", "v_proj"],
      },
    });
    expect(command.argv).toEqual([
      "python",
      "-m",
      "openrlhf.cli.train_grpo",
      "--pretrain",
      "Qwen/Qwen3-8B",
      "--adam_betas",
      "0.9",
      "0.95",
      "--input_template",
      "",
      "--target_modules",
      "q_proj",
      "v_proj",
    ]);
    expect(command.secrets).toEqual(["WANDB_API_KEY"]);
  });

  it("sft: python -m openrlhf.cli.train_sft", () => {
    expect(
      buildCommand({
        kind: "sft",
        args: { pretrain: "m", dataset: "d.jsonl", apply_chat_template: true },
      }).argv,
    ).toEqual([
      "python",
      "-m",
      "openrlhf.cli.train_sft",
      "--pretrain",
      "m",
      "--dataset",
      "d.jsonl",
      "--apply_chat_template",
    ]);
  });

  it("eval: the three entry points; math_eval runs in eval/ with comma-joined data names", () => {
    expect(
      buildCommand({ kind: "eval", args: { model_name_or_path: "m", dataset_name: "QMSum" } }).argv,
    ).toEqual([
      "python",
      "-m",
      "eval.short_answer_eval",
      "--model_name_or_path",
      "m",
      "--dataset_name",
      "QMSum",
    ]);
    expect(
      buildCommand({
        kind: "eval",
        args: { script: "math_eval", data_names: ["math500", "aime24"], use_vllm: true },
      }),
    ).toEqual({
      argv: ["python3", "-u", "math_eval.py", "--data_names", "math500,aime24", "--use_vllm"],
      env: {},
      cwd: "eval",
    });
    expect(
      buildCommand({ kind: "eval", args: { script: "eval_save", tested_dataset_name: "MedMCQA" } })
        .argv,
    ).toEqual(["python", "eval_save.py", "--tested_dataset_name", "MedMCQA"]);
  });

  it("prm-score: the uploaded script's contract", () => {
    expect(
      buildCommand({ kind: "prm-score", args: { input: "a_infer.jsonl", prm: "out/prm" } }).argv,
    ).toEqual(["python", PRM_SCORE_SCRIPT, "--input", "a_infer.jsonl", "--prm", "out/prm"]);
  });

  it("custom: command as argv (or split string), then args; hostile values stay single items", () => {
    expect(
      buildCommand({
        kind: "custom",
        command: ["bash", "scripts/x.sh"],
        args: { name: "$(rm -rf ~); `x`" },
      }).argv,
    ).toEqual(["bash", "scripts/x.sh", "--name", "$(rm -rf ~); `x`"]);
    expect(buildCommand({ kind: "custom", command: "python tools/a.py  --fast" }).argv).toEqual([
      "python",
      "tools/a.py",
      "--fast",
    ]);
  });
});

describe("preflight", () => {
  const file: RunFile = {
    hosts: { box: { ssh: "box", env: { CUDA_VISIBLE_DEVICES: "0" } } },
    runs: {
      bad: {
        kind: "inference",
        host: "box",
        args: { method_name: "mav", test_dataset_name: "QMSum" },
      },
      good: {
        kind: "label",
        host: "box",
        args: { input: "results/QMSum/a_infer.jsonl", dataset_name: "QMSum" },
      },
    },
  };

  it("blocks a run with an error and still says what it would run", () => {
    const result = preflight(file, "bad");
    expect(result.blocked).toBe(true);
    expect(result.findings.map((f) => f.code)).toEqual(["method-key-error"]);
    expect(result.command?.env).toEqual({ CUDA_VISIBLE_DEVICES: "0" });
    expect(result.requirements.map((r) => r.path)).toContain("datasets/data/QMSum.json");
  });

  it("passes a clean run with only its own findings", () => {
    const result = preflight(file, "good");
    expect(result).toMatchObject({ blocked: false, findings: [], host: "box" });
    expect(result.command?.argv[1]).toBe("label.py");
  });

  it("blocks an unknown run", () => {
    expect(preflight(file, "nope")).toMatchObject({ blocked: true, command: undefined });
  });
});
