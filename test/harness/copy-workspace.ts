import { cp, mkdtemp, rm } from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";

/** A throwaway copy of a fixture workspace, so tests that edit and save never touch the source. */
export async function copyWorkspace(
  source: string,
): Promise<{ dir: string; remove(): Promise<void> }> {
  const root = await mkdtemp(path.join(os.tmpdir(), "agentark-ws-"));
  const dir = path.join(root, path.basename(source));
  await cp(source, dir, { recursive: true });
  return { dir, remove: () => rm(root, { recursive: true, force: true }) };
}
