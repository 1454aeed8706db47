import { describe, expect, it } from "vitest";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { Hover } from "vscode-languageserver-protocol";
import { RunsService } from "../../../language-server/src/runs/runs-service";

const service = new RunsService(() => ["vanilla", "llm_debate", "mav_main", "my_method"]);
service.setDatasets(["MATH", "QMSum"]);

/** A document at the run file's path with `|` marking the cursor. */
const at = (text: string) => {
  const lines = text.split("\n");
  const line = lines.findIndex((l) => l.includes("|"));
  return {
    doc: TextDocument.create("file:///ws/agentark.runs.yaml", "yaml", 1, text.replace("|", "")),
    position: { line, character: lines[line]!.indexOf("|") },
  };
};
const labels = (text: string) => {
  const { doc, position } = at(text);
  return service.complete(doc, position).map((i) => i.label);
};
const hoverText = (text: string): string => {
  const { doc, position } = at(text);
  const hover: Hover | null = service.hover(doc, position);
  return hover && typeof hover.contents === "object" && "value" in hover.contents
    ? hover.contents.value
    : "";
};

const FILE = `hosts:
  gpu-box:
    ssh: gpu-box
runs:
  debate:
    kind: inference
    host: gpu-box
    args:
      method_name: llm_debate
`;

describe("run file completion", () => {
  it("top-level fields, host fields, slurm fields and run fields", () => {
    expect(labels("|")).toEqual(["hosts", "runs"]);
    expect(labels("hosts:\n  box:\n    ssh: b\n    |")).toEqual([
      "agentark",
      "setup",
      "env",
      "scheduler",
      "slurm",
    ]);
    expect(labels("hosts:\n  box:\n    slurm:\n      |")).toContain("partition");
    expect(labels("runs:\n  r:\n    kind: label\n    |")).toContain("after");
  });

  it("run kinds, schedulers, host names with local, after: other runs", () => {
    expect(labels("runs:\n  r:\n    kind: |")).toEqual([
      "inference",
      "label",
      "prm-train",
      "grpo",
      "sft",
      "eval",
      "prm-score",
      "custom",
    ]);
    expect(labels("hosts:\n  b:\n    scheduler: |")).toEqual(["direct", "slurm"]);
    expect(labels(FILE + "  next:\n    host: |")).toEqual(["gpu-box", "local"]);
    expect(labels(FILE + "  next:\n    after: |")).toEqual(["debate"]);
  });

  it("arg names per kind, without those present, required first, with type and default", () => {
    const { doc, position } = at(FILE + "      |");
    const items = service.complete(doc, position);
    expect(items.map((i) => i.label)).not.toContain("method_name");
    const tp = items.find((i) => i.label === "tensor_parallel_size");
    expect(tp?.detail).toBe("int, default 4");
    expect(labels("runs:\n  j:\n    kind: label\n    args:\n      |").slice(0, 2)).toEqual([
      "input",
      "dataset_name",
    ]);
    expect(labels("runs:\n  j:\n    kind: label\n    args:\n      |")).not.toContain(
      "tensor_parallel_size",
    );
  });

  it("arg values: registry methods, workspace datasets, booleans, choices", () => {
    expect(labels("runs:\n  r:\n    kind: inference\n    args:\n      method_name: |")).toEqual([
      "vanilla",
      "llm_debate",
      "mav_main",
      "my_method",
    ]);
    expect(
      labels("runs:\n  r:\n    kind: inference\n    args:\n      test_dataset_name: |"),
    ).toEqual(["MATH", "QMSum"]);
    expect(labels("runs:\n  r:\n    kind: inference\n    args:\n      use_vllm: |")).toEqual([
      "true",
      "false",
    ]);
    expect(labels("runs:\n  r:\n    kind: grpo\n    args:\n      reward_mode: |")).toEqual([
      "PRM",
      "PRMVR",
      "VR",
    ]);
  });

  it("inside a flow mapping of args (the issue's style)", () => {
    expect(
      labels("runs:\n  r:\n    kind: inference\n    args: {method_name: llm_debate, test_d|}"),
    ).toContain("test_dataset_name");
    expect(labels("runs:\n  r:\n    kind: inference\n    args: {method_name: |}")).toContain(
      "llm_debate",
    );
  });

  it("nothing in comments", () => {
    expect(labels("# kind: |")).toEqual([]);
  });
});

describe("run file hover", () => {
  it("on a kind value, a host value, a field and an arg", () => {
    expect(hoverText(FILE.replace("kind: inference", "kind: infe|rence"))).toContain(
      "inference.py",
    );
    expect(hoverText(FILE.replace("host: gpu-box", "host: gpu-b|ox"))).toContain("ssh: `gpu-box`");
    expect(hoverText(FILE.replace("    ssh: gpu-box", "    s|sh: gpu-box"))).toContain(
      "~/.ssh/config",
    );
    expect(hoverText(FILE.replace("method_name:", "method_n|ame:"))).toContain(
      '**`--method_name`**: `string`, default `"vanilla"`',
    );
  });

  it("shows what a method name resolves to", () => {
    const text =
      "runs:\n  r:\n    kind: inference\n    args: {method_name: ma|v, test_dataset_name: QMSum}\n";
    expect(hoverText(text)).toContain("raises KeyError");
    expect(
      hoverText(
        "runs:\n  r:\n    kind: inference\n    args: {method_name: LLM_De|bate, test_dataset_name: QMSum}\n",
      ),
    ).toContain("runs **`llm_debate`**");
  });

  it("on the built-in local host", () => {
    expect(hoverText("runs:\n  r:\n    kind: custom\n    host: lo|cal\n")).toContain("built in");
  });
});

describe("run file definition", () => {
  it("jumps from host: and after: values to the host and the run", () => {
    const text = FILE + "  next:\n    host: gpu-box\n    after: debate\n";
    const doc = TextDocument.create("file:///ws/agentark.runs.yaml", "yaml", 1, text);
    const lines = text.split("\n");
    const line = (needle: string) => lines.findIndex((l) => l.includes(needle));
    const host = service.definition(doc, { line: line("host: gpu-box"), character: 12 });
    expect(host.map((l) => l.range.start)).toEqual([{ line: 1, character: 2 }]);
    const after = service.definition(doc, { line: line("after: debate"), character: 12 });
    expect(after.map((l) => l.range.start)).toEqual([{ line: 4, character: 2 }]);
    expect(service.definition(doc, { line: 5, character: 12 })).toEqual([]);
  });
});
