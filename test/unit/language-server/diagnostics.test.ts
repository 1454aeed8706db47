import { describe, expect, it } from "vitest";
import { ConfigService } from "../../../language-server/src/service/config-service";
import { brief, check, covered } from "../config-fixture";

const codes = (relative: string, text: string) => check(relative, text).map((d) => String(d.code));

describe("findings on method configs", () => {
  it("a clean config produces none", () => {
    const text =
      "random_seed: 1\nnum_agents: 3\nnum_rounds: 4\nactivation: listwise\nroles: [Assistant, Doctor, Lawyer]\n";
    expect(check("dylan/configs/config_main.yaml", text)).toEqual([]);
  });

  it("README drift: num_agents/num_rounds in llm_debate, with rounds_num missing", () => {
    const text = "num_agents: 5\nnum_rounds: 3\n";
    const diagnostics = check("llm_debate/configs/config_main.yaml", text);
    expect(diagnostics.map(brief).sort()).toEqual([
      "missing-key@0:0-0:13",
      "unread-key@0:0-0:10",
      "unread-key@1:0-1:10",
    ]);
    const drift = diagnostics.find((d) => covered(text, d) === "num_rounds");
    expect(drift?.message).toContain("reads `rounds_num`");
    expect(diagnostics.find((d) => d.code === "missing-key")?.severity).toBe(1);
  });

  it("unknown key gets a warning on the key with a did-you-mean", () => {
    const text = "max_turns: 3\nis_termination_msg: TERMINATE\ncode_execute: false\n";
    const [unknown, missing] = check("autogen/configs/config_main.yaml", text);
    expect(unknown?.code).toBe("unknown-key");
    expect(unknown?.severity).toBe(2);
    expect(covered(text, unknown!)).toBe("max_turns");
    expect(unknown?.message).toContain("Did you mean `max_turn`?");
    expect(missing?.code).toBe("missing-key");
  });

  it("wrong type, on the value", () => {
    const text = 'n_solutions: "two"\nn_max_verifiers: 2\nvera_temp: 0.7\n';
    const [d] = check("mav/configs/config.yaml", text);
    expect(brief(d!)).toBe("type-mismatch@0:13-0:18");
    expect(d?.message).toBe('`n_solutions` must be an integer, not a string ("two").');
  });

  it("value outside the allowed set lists the set", () => {
    const text = "activation: softmax\n";
    const [d] = check("dylan/configs/config_main.yaml", text);
    expect(d?.code).toBe("invalid-value");
    expect(covered(text, d!)).toBe("softmax");
    expect(d?.message).toContain("listwise, trueskill, window, none");
  });

  it("DyLAN's num_rounds must be greater than 2", () => {
    const [d] = check("dylan/configs/config_main.yaml", "num_rounds: 2\n");
    expect(d?.code).toBe("out-of-range");
    expect(d?.message).toContain("greater than 2");
  });

  it("mapcoder k is limited to 1..9", () => {
    expect(codes("mapcoder/configs/config_main.yaml", "k: 12\nt: 5\nlanguage: Python3\n")).toEqual([
      "out-of-range",
    ]);
  });

  it("roles shorter than num_agents is an error on roles; misspelled roles point at the item", () => {
    const text = 'num_agents: 5\nroles:\n  - "Assistant"\n  - "Mathematican"\n';
    const diagnostics = check("dylan/configs/config_main.yaml", text);
    const role = diagnostics.find((d) => d.code === "invalid-value");
    expect(covered(text, role!)).toBe('"Mathematican"');
    expect(role?.message).toContain("Did you mean Mathematician?");
    const short = diagnostics.find((d) => d.code === "roles-too-short");
    expect(covered(text, short!)).toBe("roles");
    expect(short?.severity).toBe(1);
  });

  it("default num_agents (4) applies when roles are too short", () => {
    expect(codes("dylan/configs/config_main.yaml", "roles: [Assistant]\n")).toEqual([
      "roles-too-short",
    ]);
  });

  it("MacNet node ids must lie outside 0..agent_num-1, and mlp needs two agents", () => {
    const base =
      "agent_num: 5\ntopology: random\nreverse: false\ntype: Travel\naggregate_retry_limit: 10\naggregate_unit_num: 2\n";
    const collide = check(
      "macnet/configs/config_main.yaml",
      `${base}node_in_id: -1\nnode_out_id: 3\n`,
    );
    expect(collide.map((d) => d.code)).toEqual(["node-id-collision"]);
    const mlp = base.replace("agent_num: 5", "agent_num: 1").replace("random", "mlp");
    expect(
      codes("macnet/configs/config_main.yaml", `${mlp}node_in_id: -1\nnode_out_id: -2\n`),
    ).toEqual(["topology-agent-num"]);
  });

  it("runtime hazards: autogen code_execute and MAV vera_temp 0.0", () => {
    const text = "max_turn: 3\nis_termination_msg: TERMINATE\ncode_execute: true\n";
    const [d] = check("autogen/configs/config_main.yaml", text);
    expect(d?.code).toBe("runtime-hazard");
    expect(d?.message).toContain("on the host");
  });

  it("YAML 1.1 booleans, as PyYAML reads them", () => {
    expect(check("chatdev/configs/config_srdd.yaml", "gui_design: yes\n")).toEqual([]);
    expect(codes("chatdev/configs/config_srdd.yaml", "gui_design: maybe\n")).toEqual([
      "type-mismatch",
    ]);
  });

  it("duplicate keys point at the second one", () => {
    const text = "parallel_num: 5\nparallel_num: 6\n";
    const [d] = check("self_consistency/configs/config_main.yaml", text);
    expect(brief(d!)).toBe("duplicate-key@1:0-1:12");
  });

  it("maps each file to the class that loads it by default", () => {
    // dylan_math reads num_agents, which DyLAN_MATH's file lacks: no missing-key since it is optional.
    expect(codes("dylan/configs/config_math.yaml", "mode: simple\nnum_agents: 4\n")).toEqual([]);
    expect(codes("dylan/configs/config_math.yaml", "mode: fancy\n")).toEqual(["invalid-value"]);
    // macnet/config_main is loaded by MacNet_Main and MacNet_SRDD: one finding, not two.
    const missing = check("macnet/configs/config_main.yaml", "agent_num: 5\n").filter(
      (d) => d.code === "missing-key",
    );
    expect(missing).toHaveLength(7);
    expect(missing[0]?.message).toContain("MacNet_Main and MacNet_SRDD");
  });

  it("a config only reachable by --method_config_name is checked against every class of its folder", () => {
    expect(
      check(
        "dylan/configs/my_run.yaml",
        "num_agents: 4\nmode: simple\nroles: [Assistant, Doctor, Lawyer, Economist]\n",
      ),
    ).toEqual([]);
    const [hazard] = check(
      "dylan/configs/my_run.yaml",
      "num_agents: 3\nroles: [Assistant, Doctor, Lawyer]\n",
    );
    expect(hazard?.message).toMatch(/^If DyLAN_MATH loads this file: /);
    const [d] = check("dylan/configs/my_run.yaml", "num_agent: 3\n");
    expect(d?.code).toBe("unknown-key");
    expect(d?.message).toContain("Did you mean `num_agents`?");
    expect(codes("llm_debate/configs/long.yaml", "agents_num: 3\n")).toEqual([
      "unread-key",
      "missing-key",
    ]);
  });

  it("unknown method folders get generic checks and say what --method_name would do", () => {
    const [d] = check("debate/configs/config_main.yaml", "rounds: 3\n");
    expect(d?.code).toBe("unknown-method");
    expect(d?.severity).toBe(3);
    expect(d?.message).toContain("llm_debate");
    const [none] = check("zzz/configs/config_main.yaml", "a: 1\n");
    expect(none?.message).toContain("ValueError");
  });

  it("CoT ignores its config", () => {
    expect(codes("cot/configs/x.yaml", "a: 1\n")).toEqual(["config-ignored"]);
  });

  it("files outside methods/<m>/configs are not handled", () => {
    expect(new ConfigService().handles("file:///ws/other/config.yaml")).toBe(false);
  });

  it("every finding carries a stable code and the agentark source", () => {
    const all = check(
      "dylan/configs/config_main.yaml",
      "num_agents: 5\nroles: [X]\nnum_rounds: 1\nfoo: 1\n",
    );
    expect(all.length).toBeGreaterThan(2);
    for (const d of all) {
      expect(d.source).toBe("agentark");
      expect(typeof d.code).toBe("string");
    }
  });
});
