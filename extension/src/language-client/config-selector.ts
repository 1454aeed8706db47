import type * as vscode from "vscode";

/** Method configs the server checks; the same rule the server applies to URIs. */
export const CONFIG_SELECTOR = [
  { language: "yaml", pattern: "**/methods/*/configs/*.{yaml,yml}" },
] satisfies vscode.DocumentFilter[];
