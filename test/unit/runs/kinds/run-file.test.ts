import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { RunFile, runFileFieldDoc, runFileFields } from "../../../../schemas/src/runs";

const ISSUE_EXAMPLE = `
hosts:
  gpu-box:
    ssh: gpu-box
    agentark: ~/AgentArk
    setup: source ~/miniconda3/bin/activate agentark
    scheduler: direct
runs:
  debate-qmsum:
    kind: inference
    host: gpu-box
    args: {method_name: llm_debate, test_dataset_name: QMSum, model_name: Qwen/Qwen3-8B, use_vllm: true}
    download: [results/QMSum/Qwen/Qwen3-8B/llm_debate_infer.jsonl]
  label-qmsum:
    kind: label
    host: gpu-box
    after: debate-qmsum
    args: {input: results/QMSum/Qwen/Qwen3-8B/llm_debate_infer.jsonl, dataset_name: QMSum}
`;

describe("RunFile", () => {
  it("accepts the issue's example", () => {
    const result = RunFile.safeParse(parse(ISSUE_EXAMPLE));
    expect(result.success).toBe(true);
    expect(result.data?.runs?.["label-qmsum"]?.after).toBe("debate-qmsum");
  });

  it("accepts a slurm host with setup as a list", () => {
    const result = RunFile.safeParse({
      hosts: {
        cluster: {
          ssh: "alice@login:2222",
          setup: ["module load cuda", "source venv/bin/activate"],
          scheduler: "slurm",
          slurm: {
            partition: "gpu",
            gpus: "a100:2",
            time: "04:00:00",
            account: "lab",
            extra: ["--qos=high"],
          },
        },
      },
    });
    expect(result.success).toBe(true);
  });

  it("rejects unknown fields and kinds", () => {
    const result = RunFile.safeParse({ runs: { x: { kind: "train", hots: "a" } } });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.code).sort()).toEqual([
      "invalid_value",
      "unrecognized_keys",
    ]);
  });

  it("documents every field (hover text)", () => {
    for (const section of ["file", "host", "slurm", "run"] as const)
      for (const field of runFileFields(section))
        expect(runFileFieldDoc(section, field), `${section}.${field}`).toBeTruthy();
  });
});
