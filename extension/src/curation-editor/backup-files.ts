import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import * as vscode from "vscode";

/**
 * Hot-exit backups live wherever VS Code says: a local path in desktop VS Code, a
 * `vscode-userdata:` URI held by the browser in code-server. The document model writes and reads
 * local files, so other schemes go through a private temp file and `vscode.workspace.fs`.
 */
export async function writeBackupTo(
  destination: vscode.Uri,
  write: (path: string) => Promise<void>,
): Promise<void> {
  if (destination.scheme === "file") {
    // VS Code hands out a path in the extension's workspace storage, which may not exist yet.
    await mkdir(dirname(destination.fsPath), { recursive: true });
    return write(destination.fsPath);
  }
  await withTempFile(async (path) => {
    await write(path);
    await vscode.workspace.fs.writeFile(destination, await readFile(path));
  });
}

/** Runs `read` on a local copy of the backup; undefined when there is none to read. */
export async function readBackupFrom<T>(
  backupId: string,
  read: (path: string) => Promise<T>,
): Promise<T | undefined> {
  const uri = vscode.Uri.parse(backupId);
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch {
    return undefined; // The backup is gone (already restored elsewhere, or cleaned up).
  }
  return withTempFile(async (path) => {
    await writeFile(path, bytes, { mode: 0o600 });
    return read(path);
  });
}

async function withTempFile<T>(use: (path: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "agentark-backup-"));
  try {
    return await use(join(dir, "backup.json"));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
