import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { COMMAND_IDS } from "../../../extension/src/commands/command-ids";
import { Host } from "../../../schemas/src/runs/run-file";
import { DEFAULT_SETTINGS, Settings } from "../../../schemas/src/settings";

const pkg = JSON.parse(readFileSync(join(__dirname, "..", "..", "..", "package.json"), "utf8")) as {
  contributes: {
    commands: { command: string }[];
    configuration: { properties: Record<string, { default: unknown; type: string }> };
  };
  engines: { vscode: string };
  devDependencies: Record<string, string>;
  main: string;
  name: string;
  displayName: string;
};

describe("package.json", () => {
  it("contributes exactly the commands the code registers", () => {
    expect(pkg.contributes.commands.map((c) => c.command).sort()).toEqual([...COMMAND_IDS].sort());
  });

  it("contributes exactly the settings of the zod schema, with the same defaults and types", () => {
    const json = z.toJSONSchema(Settings, { io: "input" }) as {
      properties: Record<string, { type: string }>;
    };
    const declared = pkg.contributes.configuration.properties;
    expect(Object.keys(declared).sort()).toEqual(
      Object.keys(json.properties)
        .map((k) => `agentark.${k}`)
        .sort(),
    );
    for (const [key, value] of Object.entries(DEFAULT_SETTINGS)) {
      expect(declared[`agentark.${key}`]?.default, key).toEqual(value);
      expect(declared[`agentark.${key}`]?.type, key).toBe(json.properties[key]?.type);
    }
  });

  it("describes each user host with the run file's host schema", () => {
    const host = z.toJSONSchema(Host, { io: "input" }) as Record<string, unknown>;
    delete host.$schema;
    const declared = pkg.contributes.configuration.properties["agentark.runs.hosts"] as {
      additionalProperties?: unknown;
      scope?: string;
    };
    expect(declared.additionalProperties).toEqual(host);
    // A workspace must not bring hosts (with their setup lines) through its settings.
    expect(declared.scope).toBe("machine");
  });

  it("pins the VS Code API to the engines minimum", () => {
    expect(pkg.engines.vscode).toBe("^1.100.0");
    expect(pkg.devDependencies["@types/vscode"]).toBe("~1.100.0");
    expect(pkg.name).toBe("agentark-studio");
    expect(pkg.displayName).toBe("AgentArk Studio");
    expect(pkg.main).toBe("./dist/extension.js");
  });
});
