import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { generateJsonSchemas } from "../../../schemas/src/generate-json-schemas";
import { METHOD_CLASSES, methodConfigSchema } from "../../../schemas/src";

const GENERATED = join(__dirname, "..", "..", "..", "schemas", "generated");

describe("schemas", () => {
  it("generated JSON Schemas are up to date (run `npm run generate`)", () => {
    const expected = generateJsonSchemas();
    const onDisk = readdirSync(GENERATED, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) =>
        join(e.parentPath, e.name)
          .slice(GENERATED.length + 1)
          .replace(/\\/g, "/"),
      );
    expect(onDisk.sort()).toEqual([...expected.keys()].sort());
    for (const [file, content] of expected)
      expect(readFileSync(join(GENERATED, file), "utf8"), file).toBe(content);
  });

  it("has one schema per method2class key (25)", () => {
    expect(METHOD_CLASSES.map((c) => c.name)).toEqual([
      "vanilla",
      "cot",
      "agentverse_humaneval",
      "agentverse_mgsm",
      "agentverse",
      "llm_debate",
      "dylan_humaneval",
      "dylan_math",
      "dylan_mmlu",
      "dylan",
      "autogen",
      "camel",
      "evomac",
      "chatdev_srdd",
      "macnet",
      "macnet_srdd",
      "mad",
      "mapcoder_humaneval",
      "mapcoder_mbpp",
      "self_consistency",
      "mav_gpqa",
      "mav_humaneval",
      "mav_main",
      "mav_math",
      "mav_mmlu",
    ]);
  });

  it("the zod schema carries required keys and cross-field rules", () => {
    const dylan = methodConfigSchema(METHOD_CLASSES.find((c) => c.name === "dylan")!);
    expect(dylan.safeParse({ num_agents: 2, roles: ["Doctor", "Lawyer"] }).success).toBe(true);
    const short = dylan.safeParse({ num_agents: 3, roles: ["Doctor"] });
    expect(short.error?.issues.map((i) => i.path)).toEqual([["roles"]]);
    const llm = methodConfigSchema(METHOD_CLASSES.find((c) => c.name === "llm_debate")!);
    expect(llm.safeParse({}).success).toBe(false);
    const json = z.toJSONSchema(llm, { unrepresentable: "any" }) as { required?: string[] };
    expect(json.required).toEqual(["rounds_num"]);
  });
});
