// "Run inference with this config" above a method config. Light on purpose (dist/extension.js):
// one lens at the top of the file, no parsing; the flow itself loads with the runs engine.
import * as vscode from "vscode";

export const METHOD_CONFIG = /\/methods\/[^/]+\/configs\/[^/]+\.ya?ml$/;

export const METHOD_CONFIG_SELECTOR: vscode.DocumentSelector = [
  { scheme: "file", pattern: "**/methods/*/configs/*.yaml" },
  { scheme: "file", pattern: "**/methods/*/configs/*.yml" },
];

export function methodConfigLenses(document: vscode.TextDocument): vscode.CodeLens[] {
  if (!METHOD_CONFIG.test(document.uri.path)) return [];
  const top = new vscode.Range(0, 0, 0, 0);
  return [
    new vscode.CodeLens(top, {
      title: "$(play) Run inference with this config",
      tooltip: "Add an inference run for this config to agentark.runs.yaml and start it",
      command: "agentark.runInferenceWithConfig",
      arguments: [document.uri],
    }),
  ];
}
