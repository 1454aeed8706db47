import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { appendRun, type NewRun } from "../../../../extension/src/runs/ui/append-run";

const RUN: NewRun = {
  kind: "inference",
  host: "gpu-box",
  args: { method_name: "llm_debate", test_dataset_name: "MATH", model_name: "Qwen/Qwen3-8B" },
  download: ["results/MATH/Qwen/Qwen3-8B/llm_debate_infer.jsonl"],
};

function apply(source: string, name = "debate-math", run = RUN): string {
  const edit = appendRun(source, name, run);
  return source.slice(0, edit.offset) + edit.text + source.slice(edit.offset + edit.deleteLength);
}

describe("appendRun", () => {
  it("adds the run after the last one and keeps every other byte", () => {
    const source = `# my runs
hosts:
  gpu-box: {ssh: gpu-box, agentark: ~/AgentArk}   # the big one
runs:
  first:
    kind: custom     # keep me
    command: [python3, x.py]

# trailing comment
`;
    const out = apply(source);
    expect(out.startsWith(source.slice(0, source.indexOf("\n# trailing")))).toBe(true);
    expect(out).toContain("# trailing comment\n");
    expect(out).toContain("kind: custom     # keep me");
    const parsed = parse(out) as { runs: Record<string, unknown> };
    expect(Object.keys(parsed.runs)).toEqual(["first", "debate-math"]);
    expect(parsed.runs["debate-math"]).toEqual({ ...RUN, download: [...(RUN.download ?? [])] });
    expect(out).toContain(
      "  debate-math:\n    kind: inference\n    host: gpu-box\n    args: { method_name: llm_debate, test_dataset_name: MATH, model_name: Qwen/Qwen3-8B }\n",
    );
  });

  it("follows the file's indentation and line endings", () => {
    const source = "runs:\r\n    a:\r\n        kind: custom\r\n        command: [true]";
    const out = apply(source);
    expect(out).toMatch(/\r\n {4}debate-math:\r\n {6}kind: inference\r\n/);
    expect(out.replace(/\r\n/g, "")).not.toContain("\n");
    expect(Object.keys((parse(out) as { runs: object }).runs)).toEqual(["a", "debate-math"]);
  });

  it("creates the runs section when the file has none, or none at all", () => {
    for (const source of ["", "hosts:\n  h: {ssh: h}", "hosts: {}\n"]) {
      const parsed = parse(apply(source)) as { runs: Record<string, NewRun> };
      expect(parsed.runs["debate-math"]?.kind).toBe("inference");
    }
  });

  it("fills an empty `runs:` or `runs: {}`", () => {
    for (const source of ["runs:\nhosts: {}\n", "runs: {}\n", "runs: # none yet\n"]) {
      const out = apply(source);
      const parsed = parse(out) as { runs: Record<string, NewRun> };
      expect(Object.keys(parsed.runs)).toEqual(["debate-math"]);
    }
  });

  it("quotes what YAML would misread", () => {
    const out = apply("runs:\n  a: {kind: custom}\n", "x", {
      kind: "custom",
      host: "local",
      args: { note: "a: b # c", flag: "yes", n: "007" },
    });
    const parsed = parse(out) as { runs: { x: NewRun } };
    expect(parsed.runs.x.args).toEqual({ note: "a: b # c", flag: "yes", n: "007" });
  });

  it("refuses a duplicate name, YAML errors and a runs: that is not a mapping", () => {
    expect(() => appendRun("runs:\n  debate-math: {kind: custom}\n", "debate-math", RUN)).toThrow(
      /already exists/,
    );
    expect(() => appendRun("runs: [\n", "x", RUN)).toThrow(/YAML errors/);
    expect(() => appendRun("runs: [a, b]\n", "x", RUN)).toThrow(/not a block mapping/);
    expect(() => appendRun("- a\n", "x", RUN)).toThrow(/must be a mapping/);
  });
});
