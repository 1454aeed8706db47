// `.agentark-studio/sync-manifest.jsonl` in the workspace: one line per file that came down from
// (or went up to) a host, so a results file can always be traced to the job that produced it.
// Append-only JSON lines: a crash mid-write loses at most the line being written.
import { createHash } from "node:crypto";
import { appendFileSync, createReadStream, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Direction } from "./sync-error";

export const MANIFEST_PATH = ".agentark-studio/sync-manifest.jsonl";

export interface ManifestEntry {
  readonly direction: Direction;
  /** The job the file came from (download) or was sent for (upload). */
  readonly jobId?: string;
  readonly host: string;
  /** Relative to the host's checkout. */
  readonly remotePath: string;
  /** The checkout on the host, as an absolute path. */
  readonly remoteRoot: string;
  /** Relative to the workspace. */
  readonly localPath: string;
  readonly size: number;
  readonly sha256: string;
  /** ISO time the transfer finished. */
  readonly time: string;
  /** The host's checkout is the workspace: the job wrote the file here, nothing was transferred. */
  readonly inPlace?: boolean;
}

export function manifestFile(localRoot: string): string {
  return join(localRoot, MANIFEST_PATH);
}

export function appendManifest(localRoot: string, entries: readonly ManifestEntry[]): void {
  if (entries.length === 0) return;
  const file = manifestFile(localRoot);
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, entries.map((e) => `${JSON.stringify(e)}\n`).join(""));
}

/** Every entry, oldest first; a torn or foreign line is skipped, not fatal. */
export function readManifest(localRoot: string): ManifestEntry[] {
  let text: string;
  try {
    text = readFileSync(manifestFile(localRoot), "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
  const entries: ManifestEntry[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      const e = JSON.parse(line) as Partial<ManifestEntry>;
      if (typeof e.localPath === "string" && typeof e.sha256 === "string")
        entries.push(e as ManifestEntry);
    } catch {
      continue;
    }
  }
  return entries;
}

/**
 * The newest entry for a workspace-relative path (of one direction, when given: then transfers
 * only, not files a job wrote in place).
 */
export function lastEntryFor(
  localRoot: string,
  localPath: string,
  direction?: Direction,
): ManifestEntry | undefined {
  return readManifest(localRoot)
    .filter(
      (e) => e.localPath === localPath && (!direction || (e.direction === direction && !e.inPlace)),
    )
    .at(-1);
}

export function sha256File(path: string): Promise<{ sha256: string; size: number }> {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    let size = 0;
    createReadStream(path)
      .on("data", (b: Buffer | string) => {
        const buf = typeof b === "string" ? Buffer.from(b) : b;
        size += buf.length;
        hash.update(buf);
      })
      .on("error", reject)
      .on("end", () => resolve({ sha256: hash.digest("hex"), size }));
  });
}
