import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TextDocument } from "vscode-languageserver-textdocument";
import { ConfigService } from "../../../language-server/src/service/config-service";
import { RunsService } from "../../../language-server/src/runs/runs-service";
import { brief, ROOT } from "../config-fixture";

const runsDoc = (text: string) =>
  TextDocument.create("file:///ws/agentark.runs.yaml", "yaml", 1, text);
const service = new ConfigService();
const check = (text: string) => service.validate(runsDoc(text)).map(brief);
/** The 0-based [line, column] of the first occurrence of `needle` in `text`. */
const pos = (text: string, needle: string, nth = 0) => {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  const before = text.slice(0, at).split("\n");
  return `${before.length - 1}:${before.at(-1)!.length}`;
};
const span = (text: string, needle: string, code: string, nth = 0) => {
  const start = pos(text, needle, nth);
  const [line, col] = start.split(":").map(Number);
  return `${code}@${start}-${line}:${col! + needle.length}`;
};

describe("agentark.runs.yaml diagnostics", () => {
  it("routes only the run file to the runs service", () => {
    expect(RunsService.handles("file:///ws/agentark.runs.yaml")).toBe(true);
    expect(RunsService.handles("file:///ws/sub/agentark.runs.yaml")).toBe(true);
    expect(RunsService.handles("file:///ws/my-agentark.runs.yaml")).toBe(false);
    expect(service.handles("file:///ws/agentark.runs.yaml")).toBe(true);
  });

  it("the sample workspace's file has exactly its planted trap (MISTAKES.md R1)", () => {
    const text = readFileSync(join(ROOT, "samples", "workspace", "agentark.runs.yaml"), "utf8");
    // Line 71 (1-based), as MISTAKES.md says.
    expect(check(text)).toEqual(["method-key-error@70:19-70:22"]);
  });

  it("puts the mav/QMSum KeyError on the value, in flow style too", () => {
    const text =
      "runs:\n  r:\n    kind: inference\n    args: {method_name: mav, test_dataset_name: QMSum}\n";
    expect(check(text)).toEqual([span(text, "mav", "method-key-error")]);
  });

  it("schema errors: unknown kind on its value, unknown field on its key with a suggestion", () => {
    const text = "runs:\n  r:\n    kind: train\n    hots: local\n";
    const diagnostics = service.validate(runsDoc(text));
    expect(diagnostics.map(brief)).toEqual([
      span(text, "train", "runs-schema"),
      span(text, "hots", "runs-schema"),
    ]);
    expect(diagnostics[1]?.message).toContain("Did you mean `host`?");
  });

  it("a missing kind is reported on the run's key, and other runs are still checked", () => {
    const text =
      "runs:\n  a:\n    host: local\n  b:\n    kind: grpo\n    args: {pretrain: p, reward_pretrain: r, prompt_data: d, reward_mode: ORM}\n";
    expect(check(text)).toEqual([
      span(text, "a", "runs-schema"),
      span(text, "ORM", "reward-mode-orm"),
    ]);
  });

  it("unknown hosts, unknown after and cycles, on the values", () => {
    const text = [
      "hosts:",
      "  gpu-box: {ssh: gpu-box}",
      "runs:",
      "  a: {kind: custom, command: [x], host: gpu-bx}",
      "  b: {kind: custom, command: [x], after: c}",
      "  c: {kind: custom, command: [x], after: b}",
      "  d: {kind: custom, command: [x], after: nowhere}",
      "",
    ].join("\n");
    expect(check(text)).toEqual([
      span(text, "gpu-bx", "unknown-host"),
      span(text, "nowhere", "unknown-after"),
      span(text, "c}", "after-cycle").replace(
        /-(\d+):(\d+)$/,
        (_, l: string, c: string) => `-${l}:${Number(c) - 1}`,
      ),
      span(text, "b}", "after-cycle").replace(
        /-(\d+):(\d+)$/,
        (_, l: string, c: string) => `-${l}:${Number(c) - 1}`,
      ),
    ]);
  });

  it("traps land on the offending arg key or value", () => {
    const text = [
      "hosts:",
      "  box: {ssh: box}",
      "runs:",
      "  infer:",
      "    kind: inference",
      "    host: box",
      "    args:",
      "      method_name: llm_debate",
      "      test_dataset_name: QMSum",
      "      tensor_parallel_size: 2",
      "  judge:",
      "    kind: label",
      "    host: box",
      "    args: {input: results/QMSum/x_infer.jsonl, dataset_name: QMSum, tensor_parallel_size: 4}",
      "  prm:",
      "    kind: prm-train",
      "    args:",
      "      model_name_or_path: Qwen/Qwen3-8B",
      "      output_dir: outputs/prm_qmsum",
      "      num_epochs: 1",
      "",
    ].join("\n");
    expect(check(text)).toEqual([
      span(text, "tensor_parallel_size", "tp-no-effect", 0),
      span(text, "tensor_parallel_size", "label-no-tp", 1),
      span(text, "num_epochs", "ignored-arg"),
      span(text, "outputs/prm_qmsum", "output-dir-basename"),
    ]);
  });

  it("two GRPO runs on one host: a warning on each host value", () => {
    const grpo = "{kind: grpo, host: box, args: {pretrain: p, reward_pretrain: r, prompt_data: d}}";
    const text = `hosts:\n  box: {ssh: box}\nruns:\n  a: ${grpo}\n  b: ${grpo}\n`;
    expect(check(text)).toEqual([
      span(text, "box", "grpo-port-collision", 2),
      span(text, "box", "grpo-port-collision", 3),
    ]);
  });

  it("checks method names against the workspace's registry (scanned methods included)", () => {
    const runs = new RunsService(() => ["vanilla", "my_method"]);
    const text = "runs:\n  r:\n    kind: inference\n    args: {method_name: my_method}\n";
    expect(runs.validate(runsDoc(text))).toEqual([]);
    expect(check(text)).toEqual([span(text, "my_method", "method-not-found")]);
  });

  it("a run name used twice", () => {
    const text = "runs:\n  a: {kind: custom, command: [x]}\n  a: {kind: custom, command: [z]}\n";
    expect(check(text)).toEqual(["runs-duplicate-key@2:2-2:3"]);
  });

  it("YAML syntax errors and a non-mapping file", () => {
    expect(check("runs: [\n")[0]).toMatch(/^runs-yaml-syntax@/);
    expect(check("- a\n")).toEqual(["runs-schema@0:0-0:0"]);
    expect(check("")).toEqual([]);
  });
});

describe("agentark.runs.yaml is YAML 1.2, as the job engine reads it", () => {
  it("keeps `y`, `on` and `yes` as strings (PyYAML's 1.1 would make them booleans)", () => {
    const text = "runs:\n  r: {kind: custom, command: [echo, y, on, yes]}\n";
    expect(check(text)).toEqual([]);
  });
});

describe("agentark.runs.yaml quick fixes", () => {
  const fixes = (text: string) => {
    const doc = runsDoc(text);
    return service
      .codeActions(doc, service.validate(doc))
      .map((a) => `${a.title}: ${JSON.stringify(a.edit?.changes?.[doc.uri]?.[0]?.newText)}`);
  };

  it("mav → mav_main, misspelled arg keys, hosts and after, gae → rloo, output_dir", () => {
    expect(
      fixes(
        "runs:\n  r:\n    kind: inference\n    args: {method_name: mav, test_dataset_name: QMSum}\n",
      ),
    ).toEqual(['Change to `mav_main`: "mav_main"']);
    expect(fixes("runs:\n  r:\n    kind: inference\n    args: {method_nmae: cot}\n")).toEqual([
      'Change to `method_name`: "method_name"',
    ]);
    expect(
      fixes(
        'hosts:\n  gpu: {ssh: g}\nruns:\n  a: {kind: custom, command: [x], host: gpx}\n  b: {kind: custom, command: [x], after: "aa"}\n',
      ),
    ).toEqual(['Change to `gpu`: "gpu"', 'Change to `a`: "\\"a\\""']);
    expect(
      fixes(
        "runs:\n  g:\n    kind: grpo\n    args: {pretrain: p, reward_pretrain: r, prompt_data: d, advantage_estimator: gae}\n",
      ),
    ).toEqual(['Change to `rloo`: "rloo"']);
    expect(
      fixes(
        "runs:\n  p:\n    kind: prm-train\n    args: {model_name_or_path: Qwen/Qwen3-8B, output_dir: outputs/prm}\n",
      ),
    ).toEqual(['Change to `outputs/prm_Qwen3-8B`: "outputs/prm_Qwen3-8B"']);
  });
});
