import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CompletionItem, CompletionList, Hover } from "vscode-languageserver-protocol";
import { LspClient, ROOT } from "./lsp-client";

let lsp: LspClient;
let workspace: string;

beforeAll(async () => {
  // A workspace with AgentArk's (git-ignored) datasets folder, so dataset names can be offered.
  workspace = mkdtempSync(join(tmpdir(), "agentark-runs-"));
  mkdirSync(join(workspace, "datasets", "data"), { recursive: true });
  for (const name of ["QMSum", "MATH", "MATH_val"])
    writeFileSync(join(workspace, "datasets", "data", `${name}.json`), "[]");
  lsp = new LspClient();
  await lsp.initialize(workspace);
});

afterAll(async () => {
  await lsp.stop();
  rmSync(workspace, { recursive: true, force: true });
});

const uri = () => pathToFileURL(join(workspace, "agentark.runs.yaml")).toString();
const items = (result: CompletionList | CompletionItem[] | null): string[] =>
  (Array.isArray(result) ? result : (result?.items ?? [])).map((i) => i.label);

describe("agentark.runs.yaml over stdio", () => {
  it("publishes the sample's planted trap with its code and exact range", async () => {
    const text = readFileSync(join(ROOT, "samples", "workspace", "agentark.runs.yaml"), "utf8");
    const diagnostics = await lsp.open(uri(), text);
    expect(
      diagnostics.map(
        (d) =>
          `${String(d.code)}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`,
      ),
    ).toEqual(["method-key-error@70:19-70:22"]);
    expect(diagnostics[0]?.message).toContain("mav_main");
  });

  it("re-validates on change: GRPO traps and an unknown host", async () => {
    const text = [
      "runs:",
      "  g:",
      "    kind: grpo",
      "    host: gpu-bx",
      "    args: {pretrain: p, reward_pretrain: r, prompt_data: d, reward_mode: ORM}",
      "",
    ].join("\n");
    const diagnostics = await lsp.change(uri(), text, 2);
    expect(diagnostics.map((d) => `${String(d.code)}@${d.range.start.line}`).sort()).toEqual([
      "reward-mode-orm@4",
      "unknown-host@3",
    ]);
  });

  it("completes kinds, method names and the workspace's dataset names", async () => {
    const text = [
      "runs:",
      "  r:",
      "    kind: inference",
      "    args:",
      "      method_name: ",
      "      test_dataset_name: ",
      "",
    ].join("\n");
    await lsp.change(uri(), text, 3);
    const complete = (line: number, character: number) =>
      lsp.connection.sendRequest<CompletionList | CompletionItem[] | null>(
        "textDocument/completion",
        { textDocument: { uri: uri() }, position: { line, character } },
      );
    expect(items(await complete(4, 19))).toContain("mav_main");
    expect(items(await complete(5, 25))).toEqual(["MATH", "QMSum"]);
    expect(items(await complete(2, 10))).toContain("prm-train");
    const hover = await lsp.connection.sendRequest<Hover | null>("textDocument/hover", {
      textDocument: { uri: uri() },
      position: { line: 2, character: 12 },
    });
    expect(JSON.stringify(hover?.contents)).toContain("inference.py");
  });
});
