import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { activateExtension, openWorkspaceFile, waitForDiagnostics, workspaceFile } from "./helpers";

const DYLAN = "methods/dylan/configs/config_main.yaml";
const DEBATE = "methods/llm_debate/configs/config_main.yaml";
const codes = (d: readonly vscode.Diagnostic[]) =>
  d.map((x) => String(typeof x.code === "object" ? x.code.value : x.code)).sort();

/** Resolves when `agentark` settings changed in the extension host (an event, not a timer). */
async function updateSetting(key: string, value: unknown): Promise<void> {
  const changed = new Promise<void>((resolve) => {
    const sub = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`agentark.${key}`)) {
        sub.dispose();
        resolve();
      }
    });
  });
  await vscode.workspace
    .getConfiguration("agentark")
    .update(key, value, vscode.ConfigurationTarget.Global);
  await changed;
}

describe("method-config language features in the extension host", () => {
  before(async () => {
    await activateExtension();
  });

  it("publishes the findings of a config with mistakes, on the exact ranges", async () => {
    const doc = await openWorkspaceFile(DYLAN);
    const diagnostics = await waitForDiagnostics(doc.uri, (d) => d.length >= 3);
    assert.deepEqual(codes(diagnostics), ["invalid-value", "out-of-range", "roles-too-short"]);
    const invalid = diagnostics.find((d) => d.code === "invalid-value");
    assert.equal(doc.getText(invalid?.range), '"softmax"');
    assert.equal(invalid?.source, "agentark");
    assert.equal(invalid?.severity, vscode.DiagnosticSeverity.Error);
  });

  it("completes missing keys through vscode.executeCompletionItemProvider", async () => {
    const doc = await openWorkspaceFile(DEBATE);
    const end = new vscode.Position(doc.lineCount - 1, 0);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      "vscode.executeCompletionItemProvider",
      doc.uri,
      end,
    );
    const labels = list.items.map((i) => (typeof i.label === "string" ? i.label : i.label.label));
    assert.ok(!labels.includes("rounds_num"), "rounds_num is already present");
    const dylan = await openWorkspaceFile(DYLAN);
    const values = await vscode.commands.executeCommand<vscode.CompletionList>(
      "vscode.executeCompletionItemProvider",
      dylan.uri,
      new vscode.Position(4, "activation: ".length),
    );
    const valueLabels = values.items.map((i) =>
      typeof i.label === "string" ? i.label : i.label.label,
    );
    for (const v of ["listwise", "trueskill", "window", "none"])
      assert.ok(valueLabels.includes(v), `missing ${v} in ${valueLabels.join(",")}`);
  });

  it("hovers with type, default and the Python line that reads the key", async () => {
    const doc = await openWorkspaceFile(DEBATE);
    const line = doc
      .getText()
      .split("\n")
      .findIndex((l) => l.startsWith("rounds_num"));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      "vscode.executeHoverProvider",
      doc.uri,
      new vscode.Position(line, 2),
    );
    const text = hovers
      .flatMap((h) => h.contents.map((c) => (typeof c === "string" ? c : c.value)))
      .join("\n");
    assert.match(text, /\*\*rounds_num\*\*: `integer`, required/);
    assert.match(text, /methods\/llm_debate\/llm_debate_main\.py:14/);
  });

  it("goes to the Python line that reads a key", async () => {
    const doc = await openWorkspaceFile(DEBATE);
    const line = doc
      .getText()
      .split("\n")
      .findIndex((l) => l.startsWith("rounds_num"));
    const locations = await vscode.commands.executeCommand<
      (vscode.Location | vscode.LocationLink)[]
    >("vscode.executeDefinitionProvider", doc.uri, new vscode.Position(line, 2));
    const first = locations[0];
    const uri = first && "targetUri" in first ? first.targetUri : first?.uri;
    assert.equal(uri?.fsPath, workspaceFile("methods/llm_debate/llm_debate_main.py").fsPath);
  });

  it("offers quick fixes that edit only the affected text", async () => {
    const doc = await openWorkspaceFile(DYLAN);
    const diagnostics = await waitForDiagnostics(doc.uri, (d) =>
      d.some((x) => x.code === "out-of-range"),
    );
    const outOfRange = diagnostics.find((d) => d.code === "out-of-range")!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      "vscode.executeCodeActionProvider",
      doc.uri,
      outOfRange.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => a.title === "Change to 3");
    assert.ok(fix?.edit, `no "Change to 3" among ${actions.map((a) => a.title).join(", ")}`);
    const before = doc.getText();
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(doc.getText(), before.replace("num_rounds: 2", "num_rounds: 3"));
    const after = await waitForDiagnostics(
      doc.uri,
      (d) => !d.some((x) => x.code === "out-of-range"),
    );
    assert.deepEqual(codes(after), ["invalid-value", "roles-too-short"]);
    await vscode.commands.executeCommand("workbench.action.files.revert");
  });

  it("turns validation off and on from settings, without a reload", async () => {
    const doc = await openWorkspaceFile(DYLAN);
    await waitForDiagnostics(doc.uri, (d) => d.length > 0);
    await updateSetting("validation.enable", false);
    await waitForDiagnostics(doc.uri, (d) => d.length === 0);
    await updateSetting("validation.enable", undefined);
    await waitForDiagnostics(doc.uri, (d) => d.length > 0);
  });

  it("restarts the language server from its command and keeps serving", async () => {
    const doc = await openWorkspaceFile(DYLAN);
    await vscode.commands.executeCommand("agentark.restartServer");
    const diagnostics = await waitForDiagnostics(doc.uri, (d) => d.length >= 3);
    assert.ok(codes(diagnostics).includes("invalid-value"));
  });

  it("clears the findings once a mistake is fixed, leaving a clean config clean", async () => {
    const doc = await openWorkspaceFile("methods/mav/configs/config.yaml");
    const edit = new vscode.WorkspaceEdit();
    const line = doc.lineAt(2);
    edit.replace(doc.uri, line.range, "vera_temp: warm");
    assert.ok(await vscode.workspace.applyEdit(edit));
    const broken = await waitForDiagnostics(doc.uri, (d) => d.length > 0);
    assert.deepEqual(codes(broken), ["type-mismatch"]);
    await vscode.commands.executeCommand("workbench.action.files.revert");
    await waitForDiagnostics(doc.uri, (d) => d.length === 0);
  });
});
