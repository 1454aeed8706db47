// A download or a follower about to replace a results file a person curated moves it aside first,
// with its audit trail, under `.agentark-studio/kept/<time>/<the same relative path>`; the
// person's work is then carried onto the new file (curation/carry-curation.ts). A file counts as
// curated when its audit trail holds a person's change made after the file last came down from
// a host (or at all, when it never did): curation saves always append to the trail.
import { existsSync, mkdirSync, renameSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import { auditPathFor, AuditTrail } from "../../curation/audit-trail";
import { carryCuration, type CarryReport } from "../../curation/carry-curation";
import { SyncError } from "./sync-error";
import { lastEntryFor, sha256File } from "./sync-manifest";

export const KEPT_DIR = ".agentark-studio/kept";

export interface KeptCuration {
  /** Workspace-relative: the file the run replaced. */
  readonly path: string;
  /** Workspace-relative: where the person's version now is. */
  readonly keptPath: string;
  /** When the file last came down before it was kept (its trail's older entries are not its). */
  readonly since?: string;
  /** Set once the person's work was carried onto the new file. */
  carried?: CarryReport;
  /** Why carrying failed; the kept copy is untouched either way. */
  carryError?: string;
}

export async function isCurated(localRoot: string, path: string): Promise<boolean> {
  const file = join(localRoot, path);
  if (!existsSync(file)) return false;
  const since = lastEntryFor(localRoot, path, "download")?.time ?? "";
  for await (const e of new AuditTrail(file).entries())
    if (e.source === "human" && e.time >= since) return true;
  return false;
}

/**
 * Whether a host file with this sha256 is what the curated local file already holds: the one it
 * came down as (the manifest's last download), or the curated file itself (uploaded earlier).
 */
export async function holdsHostCopy(
  localRoot: string,
  path: string,
  hostSha256: string | undefined,
): Promise<boolean> {
  if (hostSha256 === undefined) return false;
  if (lastEntryFor(localRoot, path, "download")?.sha256 === hostSha256) return true;
  return (await sha256File(join(localRoot, path))).sha256 === hostSha256;
}

/** Moves the file and its audit trail under KEPT_DIR; the step-score sidecar stays by the name. */
export function keepAside(localRoot: string, path: string, now = new Date()): KeptCuration {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  const since = lastEntryFor(localRoot, path, "download")?.time;
  const taken = (folder: string) =>
    existsSync(join(localRoot, folder, path)) ||
    existsSync(auditPathFor(join(localRoot, folder, path)));
  // `/` on every platform, as the manifest's paths.
  let folder = posix.join(KEPT_DIR, stamp);
  for (let n = 2; taken(folder); n++) folder = posix.join(KEPT_DIR, `${stamp}-${n}`);
  const keptPath = posix.join(folder, path);
  const from = join(localRoot, path);
  const to = join(localRoot, keptPath);
  mkdirSync(dirname(to), { recursive: true });
  renameSync(from, to);
  if (existsSync(auditPathFor(from))) renameSync(auditPathFor(from), auditPathFor(to));
  return { path, keptPath, ...(since ? { since } : {}) };
}

/**
 * Puts a kept file back where it was, when the transfer that was to replace it failed; false
 * when something else is there now (the replacement landed), and the kept copy stays kept.
 */
export function putBack(localRoot: string, kept: KeptCuration): boolean {
  const from = join(localRoot, kept.keptPath);
  const to = join(localRoot, kept.path);
  if (existsSync(to) || !existsSync(from)) return false;
  renameSync(from, to);
  if (existsSync(auditPathFor(from)) && !existsSync(auditPathFor(to)))
    renameSync(auditPathFor(from), auditPathFor(to));
  return true;
}

/** Carries the kept version's work onto the new file; never throws (the kept copy stays). */
export async function carryKept(
  localRoot: string,
  kept: KeptCuration,
  jobId: string | undefined,
  author: string,
): Promise<KeptCuration> {
  try {
    kept.carried = await carryCuration({
      kept: join(localRoot, kept.keptPath),
      fresh: join(localRoot, kept.path),
      author,
      ...(jobId ? { jobId } : {}),
      ...(kept.since ? { trailSince: kept.since } : {}),
    });
  } catch (err) {
    kept.carryError = err instanceof Error ? err.message : String(err);
  }
  return kept;
}

/** One sentence for a person: what happened to their curated file. */
export function describeKept(kept: KeptCuration): string {
  const head = `${kept.path} had curation made here and the run replaced it; your version is kept as ${kept.keptPath}.`;
  if (kept.carryError !== undefined)
    return `${head} Carrying your work onto the new file failed (${kept.carryError}); nothing of yours is lost.`;
  const c = kept.carried;
  if (!c) return head;
  const parts = [
    c.edits > 0
      ? `Your work on ${plural(c.rows, "row")} (${plural(c.edits, "change")}) was carried onto the new file.`
      : "None of your changes needed carrying.",
  ];
  if (c.notCarried > 0)
    parts.push(
      `${plural(c.notCarried, "curated solution or row", "curated solutions or rows")} changed or went away, so their labels stay only in the kept copy.`,
    );
  if (c.judgeChanges > 0)
    parts.push(
      `The judge gave ${plural(c.judgeChanges, "verdict")} differently; the audit trail lists them.`,
    );
  return [head, ...parts].join(" ");
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The error of a transfer that failed after a curated file was kept, saying where it is. */
export function withKept(err: unknown, kept: readonly KeptCuration[]): unknown {
  if (kept.length === 0) return err;
  const where = kept.map((k) => `your curated ${k.path} is kept as ${k.keptPath}`).join("; ");
  const message = `${err instanceof Error ? err.message : String(err)} (${where})`;
  return err instanceof SyncError
    ? new SyncError(err.kind, message, err.detail)
    : new Error(message, { cause: err });
}
