import { describe, expect, it } from "vitest";
import { ConfigService } from "../../../language-server/src/service/config-service";
import { configDoc } from "../config-fixture";

const service = new ConfigService();
const at = (text: string) => {
  const lines = text.split("\n");
  const line = lines.findIndex((l) => l.includes("|"));
  return { text: text.replace("|", ""), position: { line, character: lines[line]!.indexOf("|") } };
};

describe("completion", () => {
  it("offers the keys not yet present, required first, with type and default", () => {
    const { text, position } = at("max_turn: 3\n|");
    const items = service.complete(configDoc("autogen/configs/config_main.yaml", text), position);
    expect(items.map((i) => i.label)).toEqual(["is_termination_msg", "code_execute"]);
    expect(items[1]?.detail).toBe("boolean, required, default false");
    expect(items[1]?.textEdit).toMatchObject({ newText: "code_execute: ${1:false}" });
  });

  it("offers allowed values after the colon", () => {
    const { text, position } = at("activation: |\n");
    const items = service.complete(configDoc("dylan/configs/config_main.yaml", text), position);
    expect(items.map((i) => i.label)).toEqual(["listwise", "trueskill", "window", "none"]);
  });

  it("offers booleans for boolean keys and keeps the user's quote", () => {
    const bool = at("with_critic: |\n");
    expect(
      service
        .complete(configDoc("camel/configs/config_main.yaml", bool.text), bool.position)
        .map((i) => i.label),
    ).toEqual(["true", "false"]);
    const quoted = at('topology: "ch|\n');
    const items = service.complete(
      configDoc("macnet/configs/config_main.yaml", quoted.text),
      quoted.position,
    );
    expect(items.find((i) => i.label === "chain")?.textEdit).toMatchObject({ newText: '"chain"' });
  });

  it("offers role names inside a roles list", () => {
    const { text, position } = at("num_agents: 2\nroles:\n  - Doctor\n  - |\n");
    const items = service.complete(configDoc("dylan/configs/config_main.yaml", text), position);
    expect(items.map((i) => i.label)).toContain("Mathematician");
    expect(items).toHaveLength(8);
  });

  it("offers nothing in the middle of a comment or for unknown keys", () => {
    const { text, position } = at("# a comm|ent\n");
    expect(service.complete(configDoc("dylan/configs/config_main.yaml", text), position)).toEqual(
      [],
    );
  });
});

describe("hover", () => {
  it("shows type, default, allowed values and where the key is read", () => {
    const doc = configDoc("dylan/configs/config_main.yaml", "activation: listwise\n");
    const hover = service.hover(doc, { line: 0, character: 3 });
    const value = (hover?.contents as { value: string }).value;
    expect(value).toContain("**activation**: `string`, optional, default `listwise`");
    expect(value).toContain("Allowed: `listwise`, `trueskill`, `window`, `none`");
    expect(value).toContain("Read by `DyLAN_Main` (`dylan`) at `methods/dylan/dylan_main.py:28`");
  });

  it("shows README drift", () => {
    const hover = service.hover(
      configDoc("llm_debate/configs/config_main.yaml", "rounds_num: 2\n"),
      { line: 0, character: 1 },
    );
    expect((hover?.contents as { value: string }).value).toContain(
      "README calls this `num_rounds`",
    );
  });

  it("explains keys no code reads", () => {
    const hover = service.hover(
      configDoc("llm_debate/configs/config_main.yaml", "agents_num: 3\n"),
      { line: 0, character: 1 },
    );
    expect((hover?.contents as { value: string }).value).toContain("always runs 5 agents");
  });
});

describe("document symbols", () => {
  it("lists top-level keys with list items as children", () => {
    const symbols = service.symbols(
      configDoc(
        "dylan/configs/config_main.yaml",
        "num_agents: 2\nroles:\n  - Doctor\n  - Lawyer\n",
      ),
    );
    expect(symbols.map((s) => [s.name, s.detail])).toEqual([
      ["num_agents", "2"],
      ["roles", "2 items"],
    ]);
    expect(symbols[1]?.children?.map((c) => c.detail)).toEqual(["Doctor", "Lawyer"]);
  });
});
