import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { TextDocument } from "vscode-languageserver-textdocument";
import { ConfigService } from "../../../language-server/src/service/config-service";
import { scanPythonSources } from "../../../language-server/src/service/python-scan";
import { scanRoots } from "../../../language-server/src/workspace/source-index";
import { SOURCES } from "../config-fixture";

const service = new ConfigService();
const doc = (relative: string, text: string) =>
  TextDocument.create(
    pathToFileURL(join(SOURCES, "methods", relative)).toString(),
    "yaml",
    1,
    text,
  );

beforeAll(async () => {
  service.setScannedSources(await scanRoots([SOURCES]));
});

describe("learning config keys from the workspace's Python sources", () => {
  it("reads method2class and every class's reads, ignoring commented-out reads", () => {
    const text = readFileSync(join(SOURCES, "methods", "llm_debate", "llm_debate_main.py"), "utf8");
    const scanned = scanPythonSources([
      { relativePath: "methods/llm_debate/llm_debate_main.py", file: "x.py", text },
    ]);
    expect(scanned.classes).toHaveLength(1);
    expect(scanned.classes[0]?.defaultConfig).toBe("config_main");
    expect(scanned.classes[0]?.reads.map((r) => [r.key, r.required])).toEqual([
      ["rounds_num", true],
    ]);
  });

  it("knows a method the user added, from its code", () => {
    const text = readFileSync(
      join(SOURCES, "methods", "tree_of_debate", "configs", "config_main.yaml"),
      "utf8",
    );
    const diagnostics = service.validate(doc("tree_of_debate/configs/config_main.yaml", text));
    expect(diagnostics.map((d) => d.code)).toEqual(["unknown-key"]);
    expect(diagnostics[0]?.message).toContain("Did you mean `prune`?");
    const wrongType = service.validate(
      doc("tree_of_debate/configs/config_main.yaml", "branching: 3\nprune: maybe\n"),
    );
    expect(wrongType.map((d) => d.message)).toEqual([
      '`prune` must be true or false, not a string ("maybe").',
    ]);
    const missing = service.validate(doc("tree_of_debate/configs/config_main.yaml", "depth: 2\n"));
    expect(missing.map((d) => d.code)).toEqual(["missing-key"]);
  });

  it("knows a key a fork added to a built-in method, and keeps the built-in checks", () => {
    const base =
      "chat_turn_limit: 3\nassistant_role: Postdoc\nuser_role: PhD Student\nwith_critic: true\noption_num: 1\ncritic_role: Professor\n";
    expect(
      service.validate(doc("camel/configs/config_main.yaml", `${base}max_tokens_per_turn: 512\n`)),
    ).toEqual([]);
    expect(
      new ConfigService()
        .validate(doc("camel/configs/config_main.yaml", `${base}max_tokens_per_turn: 512\n`))
        .map((d) => d.code),
    ).toEqual(["unknown-key"]);
    expect(
      service
        .validate(
          doc("camel/configs/config_main.yaml", base.replace("option_num: 1", "option_num: 0")),
        )
        .map((d) => d.code),
    ).toEqual(["out-of-range"]);
  });

  it("goes from a YAML key to the Python line that reads it", () => {
    const text = "rounds_num: 2\n";
    const [location] = service.definition(doc("llm_debate/configs/config_main.yaml", text), {
      line: 0,
      character: 2,
    });
    expect(location?.uri).toBe(
      pathToFileURL(join(SOURCES, "methods", "llm_debate", "llm_debate_main.py")).toString(),
    );
    const python = readFileSync(
      join(SOURCES, "methods", "llm_debate", "llm_debate_main.py"),
      "utf8",
    ).split("\n");
    const line = python[location!.range.start.line]!;
    expect(line.slice(location!.range.start.character, location!.range.end.character)).toBe(
      "rounds_num",
    );
    expect(line).toContain('method_config["rounds_num"]');
  });

  it("hover names the workspace file and line that read the key", () => {
    const hover = service.hover(doc("camel/configs/config_main.yaml", "max_tokens_per_turn: 5\n"), {
      line: 0,
      character: 2,
    });
    expect((hover?.contents as { value: string }).value).toMatch(
      /methods\/camel\/camel_main\.py:\d+/,
    );
  });

  it("never fails on odd Python", () => {
    const odd = "class X(:\n  method_config[\nmethod_config.get(\n" + "x".repeat(5000) + "\n\u0000";
    expect(() =>
      scanPythonSources([{ relativePath: "methods/a/b.py", file: "b.py", text: odd }]),
    ).not.toThrow();
  });
});
