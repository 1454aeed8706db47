// Files between a host's checkout and the workspace with rsync, over the host's own multiplexed
// SSH connection (`rsync -e "ssh -F … -o ControlPath=…"`), resumable, and recorded in the
// workspace's sync manifest. One round trip first checks the checkout, rsync and every file, so
// "no such file" and "permission denied" are said per file before anything moves.
import { accessSync, constants, mkdirSync, realpathSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { shellPath, shellQuote } from "../transport/shell-quote";
import { spawnCollect } from "../transport/spawn-collect";
import { SshTransport } from "../transport/ssh-transport";
import { runScript, type Transport } from "../transport/transport";
import { localUserName } from "../../util/user-name";
import { buildRsyncArgs, literalBytes } from "./rsync-args";
import { classifyRsyncFailure, SyncError, type Direction } from "./sync-error";
import {
  carryKept,
  holdsHostCopy,
  isCurated,
  keepAside,
  putBack,
  withKept,
  type KeptCuration,
} from "./keep-curated";
import { appendManifest, lastEntryFor, sha256File, type ManifestEntry } from "./sync-manifest";
import { filesFromList, safeRelative, validateSyncPath } from "./sync-paths";

/** What sync needs of a host; the job engine's `ResolvedHost` is one. */
export interface SyncTarget {
  readonly name: string;
  readonly transport: Transport;
  /** The AgentArk checkout on the host (`~/AgentArk`, or absolute). */
  readonly checkout: string;
}

export interface SyncOptions {
  /** The job the files belong to, for the manifest. */
  readonly jobId?: string;
  /** Aborting stops rsync with SIGTERM; the partial file is kept for the next sync. */
  readonly signal?: AbortSignal;
  /** rsync `--bwlimit`, KiB/s. */
  readonly bwlimitKiB?: number;
  /**
   * `auto` (default): `--append-verify` for a file the receiver holds a shorter copy of (a
   * growing results file, an interrupted append), a normal delta transfer otherwise. `full`:
   * never append.
   */
  readonly resume?: "auto" | "full";
  /** Update existing local files in place (same inode) rather than replacing them. */
  readonly inPlace?: boolean;
  readonly rsyncBinary?: string;
  /** Who carried work gets attributed to when the kept file's trail names no one. */
  readonly author?: string;
  /** Curated files kept aside before this download (by a follower), carried before its own. */
  readonly carryFirst?: readonly KeptCuration[];
}

export interface SyncResult {
  readonly files: ManifestEntry[];
  /** Bytes rsync sent as data (not matched from what the receiver had). */
  readonly literalBytes: number;
}

export interface DownloadResult extends SyncResult {
  /** Curated files the download replaced: kept aside, the person's work carried onto the new. */
  readonly kept: KeptCuration[];
  /** Curated files left as they are: the host's copy is still the one they were curated from. */
  readonly keptAsIs: string[];
}

/** Brings checkout-relative `remotePaths` into the same places under `localRoot`. */
export async function download(
  target: SyncTarget,
  remotePaths: readonly string[],
  localRoot: string,
  options: SyncOptions = {},
): Promise<DownloadResult> {
  const paths = unique(remotePaths);
  const check = await checkRemote(target, paths);
  const problems = paths.flatMap((p, i) => {
    const status = check.files[i] ?? "missing";
    if (status.startsWith("ok")) return [];
    const words: Record<string, string> = {
      missing: `no such file on ${target.name}: ${p} (in ${check.root})`,
      denied: `permission denied on ${target.name}: ${p} cannot be read`,
      notfile: `${p} on ${target.name} is not a regular file`,
    };
    return [[status, words[status] ?? `${p}: ${status}`] as const];
  });
  if (problems.length)
    throw new SyncError(
      problems[0]?.[0] === "denied"
        ? "permission-denied"
        : problems[0]?.[0] === "notfile"
          ? "remote-not-a-file"
          : "remote-missing",
      problems.map(([, m]) => m).join("; "),
    );
  mkdirSync(localRoot, { recursive: true });
  const remoteSize = new Map(paths.map((p, i) => [p, Number(check.files[i]?.slice(3))]));
  // A person's curation is never overwritten: the file is kept aside and their work carried
  // over, or, when the host's copy is what the file already holds, nothing moves.
  const keptAsIs: string[] = [];
  const kept: KeptCuration[] = [];
  let files: ManifestEntry[];
  let literal = 0;
  // The host's checkout is the workspace: nothing moves; the files are recorded as the job's,
  // marked as written in place (not a transfer the person's earlier curation is older than).
  const inPlace = checkoutIsWorkspace(target, localRoot);
  try {
    if (!inPlace)
      for (const p of paths) {
        if (!(await isCurated(localRoot, p))) continue;
        // Hashing the host's file is only worth it when its size could be the same.
        const size = remoteSize.get(p);
        const sameSize =
          size === lastEntryFor(localRoot, p, "download")?.size ||
          size === localSize(join(localRoot, p));
        const hostSha = sameSize ? await remoteSha256(target, p) : undefined;
        if (await holdsHostCopy(localRoot, p, hostSha)) keptAsIs.push(p);
        else kept.push(keepAside(localRoot, p));
      }
    const moving = paths.filter((p) => !keptAsIs.includes(p));
    const append = moving.filter((p) => {
      if (options.resume === "full") return false;
      const local = localSize(join(localRoot, p));
      return local !== undefined && local > 0 && local < (remoteSize.get(p) ?? 0);
    });
    const rest = moving.filter((p) => !append.includes(p));
    for (const [group, isAppend] of [
      [rest, false],
      [append, true],
    ] as const) {
      if (group.length === 0) continue;
      literal += await rsync(target, "download", group, isAppend, check.root, localRoot, options);
    }
    files = await record(target, "download", moving, check.root, localRoot, options, inPlace);
  } catch (err) {
    throw withKept(
      err,
      kept.filter((k) => !putBack(localRoot, k)),
    );
  }
  const author = options.author ?? localUserName();
  // Work kept earlier (by a follower) is older than work kept now: it goes on first.
  const all = [...(options.carryFirst ?? []), ...kept];
  for (const k of all) await carryKept(localRoot, k, options.jobId, author);
  return { files, literalBytes: literal, kept: all, keptAsIs };
}

/**
 * Whether the host's checkout is the workspace itself (`local` by default): its jobs write their
 * results in place, and a download transfers nothing.
 */
export function checkoutIsWorkspace(target: SyncTarget, localRoot: string): boolean {
  if (target.transport instanceof SshTransport) return false;
  const real = (p: string) => {
    const path = p.replace(/^~(?=\/|$)/, homedir());
    try {
      return realpathSync(path);
    } catch {
      return resolve(path);
    }
  };
  return real(target.checkout) === real(localRoot);
}

export async function remoteSha256(target: SyncTarget, path: string): Promise<string | undefined> {
  const script = `cd ${shellPath(target.checkout)} && sha256sum -- ${shellQuote(safeRelative(path))}`;
  const result = await runScript(target.transport, script);
  return result.code === 0 ? result.stdout.split(" ")[0] : undefined;
}

/** Sends workspace-relative `localPaths` to the same places under the host's checkout. */
export async function upload(
  target: SyncTarget,
  localPaths: readonly string[],
  localRoot: string,
  options: SyncOptions = {},
): Promise<SyncResult> {
  const paths = unique(localPaths);
  const problems: string[] = [];
  for (const p of paths) {
    const file = join(localRoot, p);
    try {
      if (!statSync(file).isFile()) problems.push(`${p} is not a regular file`);
      else accessSync(file, constants.R_OK);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      problems.push(
        code === "ENOENT"
          ? `no such local file: ${p}`
          : `cannot read ${p} (${code ?? String(err)})`,
      );
    }
  }
  if (problems.length) throw new SyncError("local-missing", problems.join("; "));
  const check = await checkRemote(target, []);
  // Upload resumes by delta transfer against the host's partial file; appending to a file the
  // host may have changed is not worth the saved checksum pass for curated files.
  const literal = await rsync(target, "upload", paths, false, check.root, localRoot, options);
  return {
    files: await record(target, "upload", paths, check.root, localRoot, options),
    literalBytes: literal,
  };
}

interface RemoteCheck {
  /** The checkout as an absolute, symlink-free path. */
  readonly root: string;
  /** Per path: `ok <size>`, `missing`, `denied` or `notfile`. */
  readonly files: string[];
}

/** Exit statuses of the check script. */
const NO_CHECKOUT = 90;
const NO_RSYNC = 91;

export function buildCheckScript(checkout: string, paths: readonly string[]): string {
  const quoted = paths.map((p) => shellQuote(safeRelative(p))).join(" ");
  return `export LC_ALL=C
cd ${shellPath(checkout)} 2>/dev/null || exit ${NO_CHECKOUT}
command -v rsync >/dev/null 2>&1 || exit ${NO_RSYNC}
pwd -P
for f in ${quoted}; do
  if [ -f "$f" ]; then
    if [ -r "$f" ]; then echo "ok $(stat -c %s -- "$f")"; else echo denied; fi
  elif [ -e "$f" ]; then echo notfile
  else
    case "$( { : <"$f"; } 2>&1 )" in *"Permission denied"*) echo denied ;; *) echo missing ;; esac
  fi
done
`;
}

async function checkRemote(target: SyncTarget, paths: readonly string[]): Promise<RemoteCheck> {
  const result = await runScript(target.transport, buildCheckScript(target.checkout, paths));
  if (result.code === NO_CHECKOUT)
    throw new SyncError(
      "checkout-missing",
      `${target.name}: the AgentArk checkout ${target.checkout} does not exist there (set \`agentark:\` for this host)`,
    );
  if (result.code === NO_RSYNC)
    throw new SyncError(
      "rsync-missing",
      `${target.name}: rsync is not installed on the host; install it there (e.g. apt install rsync)`,
    );
  if (result.code !== 0)
    throw new SyncError(
      "failed",
      `${target.name}: checking files failed (${result.code}): ${result.stderr.trim()}`,
    );
  const [root = "", ...files] = result.stdout.split("\n");
  return { root, files };
}

async function rsync(
  target: SyncTarget,
  direction: Direction,
  paths: readonly string[],
  append: boolean,
  remoteRoot: string,
  localRoot: string,
  options: SyncOptions,
): Promise<number> {
  const ssh = target.transport instanceof SshTransport ? target.transport : undefined;
  // `local` with the workspace as its checkout: the files are already where they belong.
  if (checkoutIsWorkspace(target, localRoot)) return 0;
  const remote = ssh ? `${ssh.destination}:${remoteRoot}` : remoteRoot;
  const args = buildRsyncArgs({
    ...(ssh ? { shell: ssh.rsyncShell() } : {}),
    source: direction === "download" ? remote : localRoot,
    destination: direction === "download" ? localRoot : remote,
    append,
    ...(options.inPlace ? { inPlace: true } : {}),
    ...(options.bwlimitKiB ? { bwlimitKiB: options.bwlimitKiB } : {}),
  });
  let result;
  try {
    result = await spawnCollect(options.rsyncBinary ?? "rsync", args, {
      stdin: filesFromList(paths),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT")
      throw new SyncError("rsync-missing", "rsync is not installed on this machine");
    throw err;
  }
  if (result.code !== 0 || options.signal?.aborted)
    throw classifyRsyncFailure(
      target.name,
      direction,
      result.code,
      result.stderr,
      options.signal?.aborted ?? false,
    );
  return literalBytes(result.stdout) ?? 0;
}

async function record(
  target: SyncTarget,
  direction: Direction,
  paths: readonly string[],
  remoteRoot: string,
  localRoot: string,
  options: SyncOptions,
  inPlace = false,
): Promise<ManifestEntry[]> {
  const entries: ManifestEntry[] = [];
  for (const p of paths) {
    const { sha256, size } = await sha256File(join(localRoot, p));
    entries.push({
      direction,
      ...(options.jobId ? { jobId: options.jobId } : {}),
      host: target.name,
      remotePath: p,
      remoteRoot,
      localPath: p,
      size,
      sha256,
      time: new Date().toISOString(),
      ...(inPlace ? { inPlace } : {}),
    });
  }
  appendManifest(localRoot, entries);
  return entries;
}

function localSize(path: string): number | undefined {
  try {
    const st = statSync(path);
    return st.isFile() ? st.size : undefined;
  } catch {
    return undefined;
  }
}

function unique(paths: readonly string[]): string[] {
  return [...new Set(paths.map(validateSyncPath))];
}
