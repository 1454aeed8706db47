import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { brief, check, shipped, SHIPPED } from "../config-fixture";

/**
 * What the code facts (agentark-reference.md §1) support for each config AgentArk ships:
 * keys no code reads, keys read but unused, and the vera_temp 0.0 hazard. Nothing else.
 */
const EXPECTED: Record<string, string[]> = {
  "agentverse/configs/config_humaneval.yaml": [],
  "agentverse/configs/config_main.yaml": [],
  "agentverse/configs/config_mgsm.yaml": [],
  "autogen/configs/config_main.yaml": [],
  "camel/configs/config_main.yaml": [],
  "chatdev/configs/config_srdd.yaml": [],
  "dylan/configs/config_humaneval.yaml": ["no-effect@16:0-16:10", "unread-key@17:0-17:5"],
  "dylan/configs/config_main.yaml": ["unread-key@4:0-4:5", "unread-key@10:0-10:4"],
  "dylan/configs/config_math.yaml": ["unread-key@5:0-5:6"],
  "dylan/configs/config_mmlu.yaml": ["no-effect@7:0-7:4"],
  "evomac/configs/config_main.yaml": [],
  "llm_debate/configs/config_main.yaml": ["unread-key@0:0-0:10"],
  "macnet/configs/config_main.yaml": [],
  "mad/configs/config_main.yaml": ["no-effect@0:0-0:11"],
  "mapcoder/configs/config_main.yaml": [],
  "mav/configs/config.yaml": ["runtime-hazard@2:11-2:14"],
  "self_consistency/configs/config_main.yaml": [],
};

describe("AgentArk's shipped configs", () => {
  it("the fixture holds every shipped config", () => {
    const found = readdirSync(join(SHIPPED, "methods")).flatMap((dir) =>
      readdirSync(join(SHIPPED, "methods", dir, "configs")).map((f) => `${dir}/configs/${f}`),
    );
    expect(found.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(`${file}: exactly the findings the code supports`, () => {
      const diagnostics = check(file, shipped(file));
      expect(diagnostics.map(brief).sort()).toEqual([...expected].sort());
      expect(diagnostics.every((d) => d.severity !== 1)).toBe(true);
    });
  }

  it("says why llm_debate's agents_num does nothing", () => {
    const [d] = check(
      "llm_debate/configs/config_main.yaml",
      shipped("llm_debate/configs/config_main.yaml"),
    );
    expect(d?.message).toContain("always runs 5 agents");
  });
});
