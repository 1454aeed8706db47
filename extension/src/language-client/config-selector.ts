import type * as vscode from "vscode";

/** Method configs and the run file the server checks; the same rules the server applies to URIs. */
export const CONFIG_SELECTOR = [
  { language: "yaml", pattern: "**/methods/*/configs/*.{yaml,yml}" },
  { language: "yaml", pattern: "**/agentark.runs.yaml" },
] satisfies vscode.DocumentFilter[];
