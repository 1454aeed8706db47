// "Run on <host>" above each run of agentark.runs.yaml, at the run's key.
import { isMap, isScalar, parseDocument } from "yaml";
import * as vscode from "vscode";
import { LOCAL_HOST } from "../../../../schemas/src/runs/run-file";

export function runCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
  const doc = parseDocument(document.getText());
  const runs = doc.get("runs", true);
  if (!isMap(runs)) return [];
  const lenses: vscode.CodeLens[] = [];
  for (const pair of runs.items) {
    if (!isScalar(pair.key) || !pair.key.range) continue;
    const name = String(pair.key.value);
    const hostNode = isMap(pair.value) ? pair.value.get("host") : undefined;
    const host = typeof hostNode === "string" && hostNode ? hostNode : LOCAL_HOST;
    const at = document.positionAt(pair.key.range[0]);
    lenses.push(
      new vscode.CodeLens(new vscode.Range(at, at), {
        title: `$(play) Run on ${host}`,
        tooltip: `Start run ${name} on ${host}`,
        command: "agentark.startRun",
        arguments: [name],
      }),
    );
  }
  return lenses;
}
