import { describe, expect, it } from "vitest";
import { configMethods, inferenceOutput } from "../../../../extension/src/runs/ui/config-methods";

describe("configMethods", () => {
  it("maps a default config to the methods that load it", () => {
    expect(configMethods("/ws/methods/dylan/configs/config_math.yaml")).toEqual({
      methods: ["dylan_math"],
    });
    expect(configMethods("/ws/methods/llm_debate/configs/config_main.yaml")).toEqual({
      methods: ["llm_debate"],
    });
    expect(configMethods("/ws/methods/macnet/configs/config_main.yaml")?.methods).toEqual([
      "macnet",
      "macnet_srdd",
    ]);
  });

  it("passes a custom config by name, offering every method of its folder", () => {
    expect(configMethods("/ws/methods/llm_debate/configs/five_rounds.yml")).toEqual({
      methods: ["llm_debate"],
      configName: "five_rounds",
    });
    expect(configMethods("C:\\ws\\methods\\dylan\\configs\\mine.yaml")?.methods).toHaveLength(4);
  });

  it("guesses the folder name for a method AgentArk does not know", () => {
    expect(configMethods("/ws/methods/my_debate/configs/config_main.yaml")).toEqual({
      methods: ["my_debate"],
      configName: "config_main",
    });
  });

  it("is undefined outside methods/<m>/configs/", () => {
    expect(configMethods("/ws/agentark.runs.yaml")).toBeUndefined();
    expect(configMethods("/ws/methods/dylan/config_math.yaml")).toBeUndefined();
  });
});

describe("inferenceOutput", () => {
  it("is inference.py's default path, or one naming the config", () => {
    expect(inferenceOutput("llm_debate", "MATH", "Qwen/Qwen3-8B")).toEqual({
      path: "results/MATH/Qwen/Qwen3-8B/llm_debate_infer.jsonl",
      explicit: false,
    });
    expect(inferenceOutput("llm_debate", "MATH", "Qwen/Qwen3-8B", "five_rounds")).toEqual({
      path: "results/MATH/Qwen/Qwen3-8B/llm_debate_five_rounds_infer.jsonl",
      explicit: true,
    });
  });
});
