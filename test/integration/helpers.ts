import * as vscode from "vscode";

/**
 * Resolves with the diagnostics of `uri` once `done` accepts them. Event-based: it re-checks on
 * every onDidChangeDiagnostics instead of sleeping, and rejects after `ms`.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  done: (d: readonly vscode.Diagnostic[]) => boolean,
  ms = 10_000,
): Promise<readonly vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const d = vscode.languages.getDiagnostics(uri);
      if (!done(d)) return;
      sub.dispose();
      clearTimeout(timer);
      resolve(d);
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      sub.dispose();
      const last = vscode.languages.getDiagnostics(uri).map((d) => d.message);
      reject(
        new Error(
          `timed out after ${ms} ms waiting for diagnostics on ${uri.toString()}; last: ${JSON.stringify(last)}`,
        ),
      );
    }, ms);
    check();
  });
}

/** URI of a file in the (single) test workspace folder. */
export function workspaceFile(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error("no workspace folder is open");
  return vscode.Uri.joinPath(folder.uri, relativePath);
}

/** Opens a workspace file in an editor and returns the document. */
export async function openWorkspaceFile(relativePath: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(relativePath));
  await vscode.window.showTextDocument(doc);
  return doc;
}

/** The AgentArk Studio extension, activated. */
export async function activateExtension(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(extensionId);
  if (!ext) throw new Error(`${extensionId} is not installed`);
  await ext.activate();
  return ext;
}

export const extensionId = "agentark.agentark-studio";
