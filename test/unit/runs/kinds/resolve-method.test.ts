import { describe, expect, it } from "vitest";
import {
  AGENTARK_METHODS,
  resolveMethod,
  type MethodResolution,
} from "../../../../schemas/src/runs";
import { METHOD_CLASSES } from "../../../../schemas/src";

const resolve = (method: string, dataset?: string): MethodResolution =>
  resolveMethod(method, dataset, AGENTARK_METHODS);

describe("resolveMethod (methods/__init__.py:44-65)", () => {
  it("keeps the registry order of method-configs/ (order decides ties)", () => {
    expect([...AGENTARK_METHODS]).toEqual(METHOD_CLASSES.map((c) => c.name));
  });

  it.each([
    ["mav", "MATH", "mav_math"],
    ["mav", "GPQA_diamond", "mav_gpqa"],
    ["dylan", "MATH500", "dylan_math"],
    ["dylan", "QMSum", "dylan"],
    ["agentverse", "MGSM", "agentverse_mgsm"],
    ["agentverse", "GSM8K", "agentverse"],
    ["macnet", "SRDD", "macnet_srdd"],
    ["llm_debate", "QMSum", "llm_debate"],
    ["LLM_Debate", "MATH", "llm_debate"],
  ])("%s with %s resolves to %s (reference §2.3 table)", (method, dataset, expected) => {
    expect(resolve(method, dataset)).toMatchObject({ kind: "resolved", method: expected });
  });

  it("takes the first of several matches and reports them (dylan with mmlu_math)", () => {
    expect(resolve("dylan", "mmlu_math")).toEqual({
      kind: "resolved",
      method: "dylan_math",
      ambiguous: ["dylan_math", "dylan_mmlu"],
    });
  });

  it("raises KeyError for a partial match that fits no dataset token", () => {
    expect(resolve("mav", "QMSum")).toEqual({
      kind: "key-error",
      candidates: ["mav_gpqa", "mav_humaneval", "mav_main", "mav_math", "mav_mmlu"],
    });
    expect(resolve("mapcoder", "QMSum")).toMatchObject({ kind: "key-error" });
    expect(resolve("debate", "QMSum")).toMatchObject({ kind: "key-error" });
  });

  it("raises ValueError when no key contains the name", () => {
    expect(resolve("llm_debat3", "QMSum")).toEqual({ kind: "value-error" });
  });
});
