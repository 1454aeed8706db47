import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { generateJsonSchemas } from "../../../schemas/src/generate-json-schemas";
import { METHOD_CLASSES, methodConfigSchema } from "../../../schemas/src";
import { AGENTARK_METHODS } from "../../../schemas/src/runs/agentark-methods";

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

  it("has one schema per method2class key (25), in registry order", () => {
    expect(METHOD_CLASSES.map((c) => c.name)).toEqual([...AGENTARK_METHODS]);
    expect(new Set(AGENTARK_METHODS).size).toBe(25);
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
