// Restricted mode: a run executes workspace-defined commands, so nothing is started or cancelled
// until the user trusts the workspace (package.json `capabilities.untrustedWorkspaces`).
import * as vscode from "vscode";

export const RESTRICTED_MESSAGE =
  "AgentArk runs are disabled in Restricted Mode: a run executes commands from this workspace. Trust the workspace to start or cancel runs.";

/** True when runs may go ahead; otherwise says why (with a way to trust) and returns false. */
export function runsAllowed(): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window
    .showWarningMessage(RESTRICTED_MESSAGE, "Manage Workspace Trust")
    .then((choice) => {
      if (choice) void vscode.commands.executeCommand("workbench.trust.manage");
    });
  return false;
}
