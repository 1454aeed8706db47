import { describe, expect, it } from "vitest";
import {
  checkRun,
  checkRunFile,
  hostRequirements,
  RUN_DIAGNOSTIC_CODES,
  type Run,
  type RunFinding,
} from "../../../../schemas/src/runs";

const codes = (findings: readonly RunFinding[]) => findings.map((f) => f.code);
const one = (run: Run, code: string) => {
  const found = checkRun("r", run).filter((f) => f.code === code);
  expect(found, code).toHaveLength(1);
  return found[0]!;
};
const infer = (args: Run["args"]): Run => ({ kind: "inference", args });

describe("checkRun: inference", () => {
  it("mav with QMSum: KeyError, use mav_main, on the method_name value", () => {
    const f = one(infer({ method_name: "mav", test_dataset_name: "QMSum" }), "method-key-error");
    expect(f).toMatchObject({
      severity: "error",
      path: ["runs", "r", "args", "method_name"],
      target: "value",
    });
    expect(f.message).toContain("KeyError('mav')");
    expect(f.message).toContain("Use `mav_main`");
  });

  it("mapcoder with QMSum: KeyError listing the exact names", () => {
    const f = one(
      infer({ method_name: "mapcoder", test_dataset_name: "QMSum" }),
      "method-key-error",
    );
    expect(f.message).toContain("`mapcoder_humaneval`, `mapcoder_mbpp`");
  });

  it("an unknown method: ValueError with a suggestion", () => {
    const f = one(
      infer({ method_name: "llm_debat3", test_dataset_name: "QMSum" }),
      "method-not-found",
    );
    expect(f.message).toContain("Did you mean `llm_debate`?");
  });

  it("the defaults (vanilla on MATH) resolve cleanly", () => {
    expect(checkRun("r", infer({}))).toEqual([]);
  });

  it("an ambiguous match warns; a partial one that resolves is information", () => {
    expect(
      one(infer({ method_name: "dylan", test_dataset_name: "mmlu_math" }), "method-ambiguous")
        .severity,
    ).toBe("warning");
    expect(
      one(infer({ method_name: "mav", test_dataset_name: "MATH" }), "method-resolves-to").message,
    ).toContain("`mav_math`");
  });

  it("knows the workspace's own methods", () => {
    const run = infer({ method_name: "my_method", test_dataset_name: "QMSum" });
    expect(codes(checkRun("r", run))).toEqual(["method-not-found"]);
    expect(checkRun("r", run, { methods: ["vanilla", "my_method"] })).toEqual([]);
  });

  it("tensor_parallel_size has no effect on llm_debate", () => {
    const f = one(
      infer({
        method_name: "llm_debate",
        test_dataset_name: "QMSum",
        use_vllm: true,
        tensor_parallel_size: 2,
      }),
      "tp-no-effect",
    );
    expect(f).toMatchObject({ path: ["runs", "r", "args", "tensor_parallel_size"], target: "key" });
    expect(f.message).toContain("CUDA_VISIBLE_DEVICES");
  });

  it("use_vllm crashes for every method but llm_debate", () => {
    expect(codes(checkRun("r", infer({ method_name: "llm_debate", use_vllm: true })))).toEqual([]);
    for (const method of ["vanilla", "cot", "camel", "mav_main"])
      expect(codes(checkRun("r", infer({ method_name: method, use_vllm: true })))).toContain(
        "vllm-unsupported",
      );
  });

  it("unknown args get a did-you-mean; types and bare flags are checked", () => {
    const f = one(infer({ method_nmae: "cot" }), "unknown-arg");
    expect(f.message).toContain("Did you mean `method_name`?");
    expect(codes(checkRun("r", infer({ use_vllm: "yes" })))).toContain("arg-type");
    expect(codes(checkRun("r", infer({ model_max_tokens: 1.5 })))).toEqual(["arg-type"]);
    expect(codes(checkRun("r", infer({ sequential: true })))).toEqual(["no-effect"]);
  });
});

describe("checkRun: rules after parsing", () => {
  it("inference --start works only in modal-batch mode", () => {
    expect(codes(checkRun("r", infer({ start: 10 })))).toEqual(["no-effect"]);
    expect(checkRun("r", infer({ start: 10, use_modal_batch: true }))).toEqual([]);
  });

  it("short_answer_eval: max_prompt_tokens needs max_model_len (TypeError)", () => {
    const run: Run = { kind: "eval", args: { model_name_or_path: "m", max_prompt_tokens: 4096 } };
    expect(codes(checkRun("r", run))).toEqual(["missing-arg"]);
  });

  it("train_sft: ring_attn_size > 1 needs packing_samples", () => {
    const run: Run = { kind: "sft", args: { pretrain: "p", dataset: "d", ring_attn_size: 2 } };
    expect(codes(checkRun("r", run))).toEqual(["missing-arg"]);
  });
});

describe("checkRun: label", () => {
  const label = (args: Run["args"]): Run => ({ kind: "label", args });
  const ok = { input: "results/QMSum/Qwen/Qwen3-8B/llm_debate_infer.jsonl", dataset_name: "QMSum" };

  it("a correct run is clean", () => expect(checkRun("r", label(ok))).toEqual([]));

  it("has no tensor-parallel flag (one finding, its own code)", () => {
    expect(codes(checkRun("r", label({ ...ok, tensor_parallel_size: 4 })))).toEqual([
      "label-no-tp",
    ]);
  });

  it("asserts input ends with infer.jsonl and contains the dataset name", () => {
    expect(
      codes(
        checkRun("r", label({ input: "results/QMSum/x_labeled.jsonl", dataset_name: "QMSum" })),
      ),
    ).toEqual(["label-input-suffix"]);
    const f = one(
      label({ input: "results/MATH/x_infer.jsonl", dataset_name: "QMSum" }),
      "label-input-dataset",
    );
    expect(f.path).toEqual(["runs", "r", "args", "dataset_name"]);
  });

  it("warns that chunks overwrite each other", () => {
    expect(codes(checkRun("r", label({ ...ok, start: 0, end: 100 })))).toEqual([
      "label-overwrites",
    ]);
  });

  it("requires input and dataset_name", () => {
    expect(codes(checkRun("r", label({})))).toEqual(["missing-arg", "missing-arg"]);
  });
});

describe("checkRun: prm-train (finetune2)", () => {
  const prm = (args: Run["args"]): Run => ({ kind: "prm-train", args });

  it("output_dir must contain the model's basename (the README example fails)", () => {
    const f = one(
      prm({ model_name_or_path: "Qwen/Qwen3-8B", output_dir: "outputs/prm_qmsum" }),
      "output-dir-basename",
    );
    expect(f.message).toContain("`Qwen3-8B`");
    expect(
      checkRun(
        "r",
        prm({ model_name_or_path: "Qwen/Qwen3-8B", output_dir: "outputs/prm_Qwen3-8B" }),
      ),
    ).toEqual([]);
  });

  it("warns on every flag it does not know (silently ignored)", () => {
    const f = one(prm({ output_dir: "o/Qwen2-0.5B", learning_rat: 1e-5 }), "ignored-arg");
    expect(f.severity).toBe("warning");
    expect(f.message).toContain("Did you mean `learning_rate`?");
  });
});

describe("checkRun: grpo", () => {
  const grpo = (args: Run["args"]): Run => ({
    kind: "grpo",
    args: { pretrain: "p", reward_pretrain: "r", prompt_data: "d.jsonl", ...args },
  });

  it("reward_mode ORM is not accepted", () => {
    const f = one(grpo({ reward_mode: "ORM" }), "reward-mode-orm");
    expect(f).toMatchObject({ severity: "error", target: "value" });
    expect(codes(checkRun("r", grpo({ reward_mode: "ORM" })))).toEqual(["reward-mode-orm"]);
  });

  it("advantage_estimator gae is rejected and reinforce fails at run time", () => {
    expect(one(grpo({ advantage_estimator: "gae" }), "advantage-estimator").message).toContain(
      "rejected",
    );
    expect(
      one(grpo({ advantage_estimator: "reinforce" }), "advantage-estimator").message,
    ).toContain("asserts rloo");
  });

  it("QMSum prompt data needs an empty input_template; RLOO needs > 1 sample", () => {
    expect(codes(checkRun("r", grpo({ prompt_data: "data/QMSum.jsonl" })))).toEqual([
      "grpo-input-template",
    ]);
    expect(checkRun("r", grpo({ prompt_data: "data/QMSum.jsonl", input_template: "" }))).toEqual(
      [],
    );
    expect(codes(checkRun("r", grpo({ n_samples_per_prompt: 1 })))).toEqual([
      "grpo-samples-per-prompt",
    ]);
  });

  it("a wandb key on argv is a warning", () => {
    expect(codes(checkRun("r", grpo({ use_wandb: "abc123" })))).toEqual(["secret-in-args"]);
  });
});

describe("checkRun: eval and custom", () => {
  it("README flags the code lacks (§0.11)", () => {
    expect(
      codes(checkRun("r", { kind: "eval", args: { model_name_or_path: "m", input_file: "x" } })),
    ).toEqual(["readme-drift"]);
    expect(
      codes(
        checkRun("r", {
          kind: "eval",
          args: { model_name_or_path: "m", apply_chat_template: true },
        }),
      ),
    ).toEqual(["readme-drift"]);
    expect(
      codes(checkRun("r", { kind: "eval", args: { script: "math_eval", dataset_name: "math" } })),
    ).toEqual(["readme-drift"]);
    expect(
      checkRun("r", {
        kind: "eval",
        args: { script: "math_eval", data_names: ["math500"], apply_chat_template: true },
      }),
    ).toEqual([]);
  });

  it("checks the selected script's flags", () => {
    expect(
      codes(
        checkRun("r", {
          kind: "eval",
          args: { script: "eval_save", tested_dataset_name: "MedMCQA" },
        }),
      ),
    ).toEqual([]);
    expect(codes(checkRun("r", { kind: "eval", args: { script: "nope" } }))).toContain(
      "arg-choice",
    );
  });

  it("custom needs a command and accepts any args", () => {
    expect(codes(checkRun("r", { kind: "custom" }))).toEqual(["custom-no-command"]);
    expect(
      checkRun("r", { kind: "custom", command: ["python", "x.py"], args: { anything: 1 } }),
    ).toEqual([]);
  });
});

describe("checkRunFile", () => {
  const grpo: Run = {
    kind: "grpo",
    host: "box",
    args: { pretrain: "p", reward_pretrain: "r", prompt_data: "d" },
  };

  it("two GRPO runs on one host collide on port 12355, unless chained", () => {
    const file = { hosts: { box: { ssh: "box" } }, runs: { a: grpo, b: grpo } };
    const found = checkRunFile(file).filter((f) => f.code === "grpo-port-collision");
    expect(found.map((f) => f.path)).toEqual([
      ["runs", "a", "host"],
      ["runs", "b", "host"],
    ]);
    expect(codes(checkRunFile({ ...file, runs: { a: grpo, b: { ...grpo, after: "a" } } }))).toEqual(
      [],
    );
    expect(
      codes(
        checkRunFile({
          hosts: { box: { ssh: "box" }, other: { ssh: "o" } },
          runs: { a: grpo, b: { ...grpo, host: "other" } },
        }),
      ),
    ).toEqual([]);
  });

  it("unknown hosts, unknown after, cycles, hosts without ssh", () => {
    const run: Run = { kind: "custom", command: ["true"] };
    const found = checkRunFile({
      hosts: { box: {}, gpu: { ssh: "gpu" } },
      runs: {
        a: { ...run, host: "gpux" },
        b: { ...run, after: "c" },
        c: { ...run, after: "b" },
        d: { ...run, after: "zz" },
      },
    });
    expect(codes(found).sort()).toEqual([
      "after-cycle",
      "after-cycle",
      "host-no-ssh",
      "unknown-after",
      "unknown-host",
    ]);
    expect(found.find((f) => f.code === "unknown-host")?.message).toContain("Did you mean `gpu`?");
  });

  it("math_eval needs CUDA_VISIBLE_DEVICES from the host or the run", () => {
    const run: Run = { kind: "eval", host: "g", args: { script: "math_eval" } };
    expect(codes(checkRunFile({ hosts: { g: { ssh: "g" } }, runs: { m: run } }))).toEqual([
      "math-eval-cuda",
    ]);
    expect(
      checkRunFile({
        hosts: { g: { ssh: "g", env: { CUDA_VISIBLE_DEVICES: "0" } } },
        runs: { m: run },
      }),
    ).toEqual([]);
  });

  it("every code is documented", () => {
    for (const f of checkRunFile({ runs: { a: { kind: "grpo", args: { reward_mode: "ORM" } } } }))
      expect(RUN_DIAGNOSTIC_CODES[f.code]).toBeTruthy();
  });
});

describe("hostRequirements", () => {
  it("names what AgentArk does not ship, per kind", () => {
    const paths = (run: Run) => hostRequirements(run).map((r) => r.path);
    expect(paths({ kind: "grpo", args: { prompt_data: "data/p.jsonl" } })).toEqual([
      "openrlhf/datasets",
      "examples/scripts",
      "data/p.jsonl",
    ]);
    expect(paths({ kind: "sft" })).toEqual(["openrlhf/datasets"]);
    expect(
      paths({ kind: "prm-train", args: { train_data_path: "results/QMSum/a_labeled.jsonl" } }),
    ).toEqual(["misc_utils.py", "results/QMSum/a_labeled.jsonl"]);
    expect(paths(infer({ test_dataset_name: "QMSum", use_vllm: true }))).toEqual([
      "datasets/data/QMSum.json",
    ]);
    expect(paths(infer({}))).toEqual([
      "datasets/data/MATH.json",
      "model_api_configs/model_api_config.json",
    ]);
    expect(paths({ kind: "eval", args: { script: "math_eval" } })).toEqual(["eval/utils.py"]);
  });
});
