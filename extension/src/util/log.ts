import * as vscode from "vscode";

/** The "AgentArk Studio" output channel; the only place the extension writes logs. */
export type Log = vscode.LogOutputChannel;

export function createLog(name: string): Log {
  return vscode.window.createOutputChannel(name, { log: true });
}
