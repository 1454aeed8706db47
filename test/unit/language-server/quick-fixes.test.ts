import { describe, expect, it } from "vitest";
import { ConfigService } from "../../../language-server/src/service/config-service";
import { apply, check, configDoc, fixesOf } from "../config-fixture";

function fixed(relative: string, text: string, code: string, title?: string): string {
  const d = check(relative, text).find((x) => x.code === code);
  const fixes = fixesOf(d);
  const fix = title
    ? fixes.find((f) => f.title === title)
    : (fixes.find((f) => f.preferred) ?? fixes[0]);
  if (!fix) throw new Error(`no fix for ${code}: ${JSON.stringify(fixes.map((f) => f.title))}`);
  return apply(text, fix.edits);
}

describe("quick fixes edit only the affected text", () => {
  it("renames a README-drift key, keeping comments", () => {
    const text = "# debate settings\nnum_rounds: 3  # three rounds\n";
    expect(fixed("llm_debate/configs/config_main.yaml", text, "unread-key")).toBe(
      "# debate settings\nrounds_num: 3  # three rounds\n",
    );
  });

  it("renames a misspelled key", () => {
    const text = "max_turns: 3\nis_termination_msg: TERMINATE\ncode_execute: False\n";
    expect(fixed("autogen/configs/config_main.yaml", text, "unknown-key")).toBe(
      text.replace("max_turns", "max_turn"),
    );
  });

  it("inserts a missing required key with its default, at the end, even without a final newline", () => {
    const text = "agents_num: 3 # ignored\n";
    expect(fixed("llm_debate/configs/config_main.yaml", text, "missing-key")).toBe(
      "agents_num: 3 # ignored\nrounds_num: 2\n",
    );
    expect(fixed("llm_debate/configs/config_main.yaml", "agents_num: 3", "missing-key")).toBe(
      "agents_num: 3\nrounds_num: 2\n",
    );
  });

  it("keeps CRLF line endings when inserting", () => {
    expect(fixed("llm_debate/configs/config_main.yaml", "agents_num: 3\r\n", "missing-key")).toBe(
      "agents_num: 3\r\nrounds_num: 2\r\n",
    );
  });

  it("replaces an invalid value with the closest valid one, keeping its quotes", () => {
    const text = 'activation: "listwse"  # ranker\n';
    expect(fixed("dylan/configs/config_main.yaml", text, "invalid-value")).toBe(
      'activation: "listwise"  # ranker\n',
    );
    const titles = fixesOf(check("dylan/configs/config_main.yaml", text)[0]).map((f) => f.title);
    expect(titles).toEqual([
      'Change to "listwise"',
      'Change to "trueskill"',
      'Change to "window"',
      'Change to "none"',
    ]);
  });

  it("replaces a misspelled role in place", () => {
    const text = 'num_agents: 2\nroles:\n  - "Assistant"\n  - "Mathematican"\n';
    expect(fixed("dylan/configs/config_main.yaml", text, "invalid-value")).toBe(
      text.replace("Mathematican", "Mathematician"),
    );
  });

  it("moves an out-of-range number to the nearest allowed value", () => {
    expect(fixed("dylan/configs/config_main.yaml", "num_rounds: 2\n", "out-of-range")).toBe(
      "num_rounds: 3\n",
    );
    expect(
      fixed(
        "mapcoder/configs/config_main.yaml",
        "k: 12\nt: 5\nlanguage: Python3\n",
        "out-of-range",
      ),
    ).toBe("k: 9\nt: 5\nlanguage: Python3\n");
  });

  it("turns a quoted number into a number", () => {
    expect(
      fixed("self_consistency/configs/config_main.yaml", 'parallel_num: "5"\n', "type-mismatch"),
    ).toBe("parallel_num: 5\n");
  });

  it("pads a block role list with the list's own indentation and quotes", () => {
    const text = 'num_agents: 4\nroles:\n    - "Doctor"\n    - "Lawyer"\n# end\n';
    expect(fixed("dylan/configs/config_main.yaml", text, "roles-too-short")).toBe(
      'num_agents: 4\nroles:\n    - "Doctor"\n    - "Lawyer"\n    - "Assistant"\n    - "Assistant"\n# end\n',
    );
  });

  it("pads a flow role list", () => {
    expect(
      fixed(
        "dylan/configs/config_main.yaml",
        "num_agents: 3\nroles: [Doctor]\n",
        "roles-too-short",
      ),
    ).toBe("num_agents: 3\nroles: [Doctor, Assistant, Assistant]\n");
  });

  it("trims a role list that is longer than the agent count", () => {
    const text = "num_agents: 2\nroles:\n  - Doctor\n  - Lawyer\n  - Historian\nnum_rounds: 3\n";
    expect(fixed("dylan/configs/config_main.yaml", text, "roles-extra")).toBe(
      "num_agents: 2\nroles:\n  - Doctor\n  - Lawyer\nnum_rounds: 3\n",
    );
  });

  it("moves a colliding MacNet node id out of the agent range", () => {
    const text =
      "agent_num: 5\ntopology: random\nreverse: False\ntype: Travel\naggregate_retry_limit: 10\naggregate_unit_num: 2\nnode_in_id: -1\nnode_out_id: 3\n";
    expect(fixed("macnet/configs/config_main.yaml", text, "node-id-collision")).toBe(
      text.replace("node_out_id: 3", "node_out_id: -2"),
    );
  });

  it("switches off autogen code execution keeping the file's boolean style", () => {
    const text = "max_turn: 3\nis_termination_msg: TERMINATE\ncode_execute: True\n";
    expect(fixed("autogen/configs/config_main.yaml", text, "runtime-hazard")).toBe(
      text.replace("True", "False"),
    );
  });

  it("code actions come back for the diagnostics the client sends", () => {
    const service = new ConfigService();
    const doc = configDoc("llm_debate/configs/config_main.yaml", "num_rounds: 3\n");
    const diagnostics = service.validate(doc);
    const actions = service.codeActions(doc, diagnostics);
    expect(actions.map((a) => a.title).sort()).toEqual([
      "Add rounds_num: 2",
      "Rename to rounds_num",
    ]);
    expect(actions.every((a) => a.kind === "quickfix")).toBe(true);
  });
});
