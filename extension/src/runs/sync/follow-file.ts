// A results file that grows while its job runs, mirrored into the workspace as it grows. Each
// poll is one round trip over the shared connection reading only the bytes past the local
// length (`tail -c +offset`); only complete lines are appended, so the curation editor, which
// indexes appended lines, never sees a torn one. When the job ends, one rsync `--append-verify`
// brings the last bytes and checks the whole file, and the manifest records it.
import {
  closeSync,
  mkdirSync,
  openSync,
  readSync,
  rmSync,
  statSync,
  truncateSync,
  writeSync,
} from "node:fs";
import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import { SshError } from "../transport/ssh-error";
import { shellPath, shellQuote } from "../transport/shell-quote";
import { runScript } from "../transport/transport";
import {
  holdsHostCopy,
  isCurated,
  keepAside,
  putBack,
  withKept,
  type KeptCuration,
} from "./keep-curated";
import { download, remoteSha256, type DownloadResult, type SyncTarget } from "./rsync-sync";
import { SyncError } from "./sync-error";
import { safeRelative, validateSyncPath } from "./sync-paths";

export interface FollowFileOptions {
  readonly target: SyncTarget;
  /** Relative to the host's checkout. */
  readonly remotePath: string;
  /** The workspace; the file lands at the same relative path. */
  readonly localRoot: string;
  readonly jobId?: string;
  /** Whether the job writing the file has ended (then the last sync runs and `run` resolves). */
  readonly isDone: () => Promise<boolean>;
  /** Called after complete lines were appended locally, with the new local length. */
  readonly onAppend?: (bytes: Buffer, localSize: number) => void;
  /** A dropped connection noticed; the follower retries on the next tick. */
  readonly onError?: (error: unknown) => void;
  /** Between polls, ms (default 500). */
  readonly intervalMs?: number;
  /** Give up when the host stays unreachable this long, ms (default 120 000). */
  readonly reconnectFor?: number;
  /** The most bytes one poll reads (default 16 MiB); the rest comes on the next. */
  readonly maxChunk?: number;
  /** Who carried work gets attributed to when the kept file's trail names no one. */
  readonly author?: string;
}

/** Splits `bytes` after its last newline: what may be appended now, and what waits. */
export function completeLines(bytes: Buffer): { complete: Buffer; rest: Buffer } {
  const end = bytes.lastIndexOf(0x0a) + 1;
  return { complete: bytes.subarray(0, end), rest: bytes.subarray(end) };
}

/** The poll script: `size <n>` or `missing` on the first line, then the bytes from `offset`. */
export function buildPollScript(
  checkout: string,
  path: string,
  offset: number,
  maxChunk: number,
  prefixCheck: boolean,
): string {
  const f = shellQuote(safeRelative(path));
  return `export LC_ALL=C
cd ${shellPath(checkout)} 2>/dev/null || exit 90
if [ ! -e ${f} ]; then echo missing; exit 0; fi
[ -r ${f} ] || { echo denied; exit 0; }
size=$(stat -c %s -- ${f})
${prefixCheck ? `echo "size $size $(head -c ${offset} -- ${f} | sha256sum | cut -d' ' -f1)"` : `echo "size $size"`}
if [ "$size" -gt ${offset} ]; then
  n=$((size - ${offset})); [ "$n" -gt ${maxChunk} ] && n=${maxChunk}
  tail -c +${offset + 1} -- ${f} | head -c "$n"
fi
`;
}

const RETRYABLE = new Set(["connection-lost", "unreachable"]);

export class FileFollower {
  private readonly abort = new AbortController();
  private readonly local: string;
  private readonly path: string;
  /**
   * Whether the local copy has yet to be checked against the host's file: a copy left by an
   * earlier follower is resumed only if the host's file still starts with it. Stays set until a
   * poll finds the file there (a rerun may not have written it yet).
   */
  private verifyPrefix = false;
  /** The curated file a rerun replaced, moved aside; its work is carried at the end. */
  private kept: KeptCuration | undefined;
  /** The host's file size while it is still the file the local curated copy was made from. */
  private hostSameSize: number | undefined;

  constructor(private readonly options: FollowFileOptions) {
    this.path = validateSyncPath(options.remotePath);
    this.local = join(options.localRoot, this.path);
  }

  /** Stops following; what was appended stays, and a later follower resumes from it. */
  stop(): void {
    this.abort.abort();
  }

  /** The complete lines held locally, in bytes. */
  get localSize(): number {
    try {
      return statSync(this.local).size;
    } catch {
      return 0;
    }
  }

  /**
   * Follows until the job is done, then syncs the file exactly (including a last line without a
   * newline) and records it in the manifest. Resolves with undefined when stopped.
   */
  async run(): Promise<DownloadResult | undefined> {
    mkdirSync(dirname(this.local), { recursive: true });
    this.verifyPrefix = this.localSize > 0;
    try {
      if (!(await this.followToEnd())) {
        await this.giveBack();
        return undefined;
      }
      // In place: the curation editor may have the file open, following its inode as it grows.
      return await download(this.options.target, [this.path], this.options.localRoot, {
        inPlace: true,
        ...(this.options.jobId ? { jobId: this.options.jobId } : {}),
        ...(this.options.author ? { author: this.options.author } : {}),
        ...(this.kept ? { carryFirst: [this.kept] } : {}),
        signal: this.abort.signal,
      });
    } catch (err) {
      throw withKept(err, (await this.giveBack()) ? [] : this.kept ? [this.kept] : []);
    }
  }

  /** Polls until the job is done (true) or the follower is stopped (false). */
  private async followToEnd(): Promise<boolean> {
    let failingSince: number | undefined;
    for (;;) {
      if (this.abort.signal.aborted) return false;
      let done = false;
      try {
        done = await this.options.isDone();
        const appended = await this.poll();
        failingSince = undefined;
        if (appended && !done) continue;
      } catch (err) {
        if (!(err instanceof SshError && RETRYABLE.has(err.kind))) throw err;
        failingSince ??= Date.now();
        if (Date.now() - failingSince > (this.options.reconnectFor ?? 120_000)) throw err;
        this.options.onError?.(err);
        done = false;
      }
      // Everything the job wrote before it was seen ending has now been read.
      if (done) return true;
      await this.wait();
    }
  }

  /**
   * After a stop or a failure, the person's kept file goes back in place of the mirror (the
   * host's bytes, fetched again next time), unless a person curated the mirror too. True when
   * nothing is left kept.
   */
  private async giveBack(): Promise<boolean> {
    if (!this.kept) return true;
    const root = this.options.localRoot;
    if (await isCurated(root, this.path)) return false;
    rmSync(this.local, { force: true });
    if (!putBack(root, this.kept)) return false;
    this.kept = undefined;
    return true;
  }

  /** One round trip; true when complete lines were appended. */
  private async poll(): Promise<boolean> {
    // While the host holds the file a person curated here, only its size is watched.
    const waiting = this.hostSameSize;
    const verifyPrefix = waiting === undefined && this.verifyPrefix;
    const offset = waiting ?? this.localSize;
    const maxChunk = this.options.maxChunk ?? 16 * 1024 * 1024;
    const chunks: Buffer[] = [];
    const result = await runScript(
      this.options.target.transport,
      buildPollScript(this.options.target.checkout, this.path, offset, maxChunk, verifyPrefix),
      { onStdout: (b) => chunks.push(b), signal: this.abort.signal },
    );
    if (this.abort.signal.aborted) return false;
    const name = this.options.target.name;
    if (result.code === 90)
      throw new SyncError(
        "checkout-missing",
        `${name}: the checkout ${this.options.target.checkout} does not exist there`,
      );
    if (result.code !== 0)
      throw new SyncError(
        "failed",
        `${name}: reading ${this.path} failed (${result.code}): ${result.stderr.trim()}`,
      );
    const out = Buffer.concat(chunks);
    const nl = out.indexOf(0x0a);
    const header = out
      .subarray(0, nl < 0 ? out.length : nl)
      .toString("utf8")
      .split(" ");
    if (header[0] === "missing") {
      // Not written yet: the check of the local copy waits for it.
      this.hostSameSize = undefined;
      return false;
    }
    if (header[0] === "denied")
      throw new SyncError(
        "permission-denied",
        `permission denied on ${name}: ${this.path} cannot be read`,
      );
    const size = Number(header[1]);
    if (waiting !== undefined) {
      if (size === waiting) return false;
      // The host's file changed: check the local copy against it again, at once.
      this.hostSameSize = undefined;
      return true;
    }
    this.verifyPrefix = false;
    if (verifyPrefix && header[2] !== sha256Prefix(this.local, offset)) {
      const root = this.options.localRoot;
      if (await isCurated(root, this.path)) {
        const hostSha = await remoteSha256(this.options.target, this.path);
        if (await holdsHostCopy(root, this.path, hostSha)) {
          // The rerun has not rewritten the file yet: the person's copy stays, and waits.
          this.hostSameSize = size;
          this.verifyPrefix = true;
          return false;
        }
        // A rerun rewrote it: start over, the person's version kept to carry at the end.
        this.kept = keepAside(root, this.path);
      } else truncateSync(this.local, 0); // not the same file any more: start over
      return true;
    }
    if (size < offset)
      throw new SyncError(
        "remote-rewritten",
        `${this.path} on ${name} got shorter (${size} < ${offset} bytes): it was rewritten, not appended to`,
      );
    const { complete } = completeLines(out.subarray(nl + 1));
    if (complete.length === 0) return false;
    const fd = openSync(this.local, "a");
    try {
      writeSync(fd, complete);
    } finally {
      closeSync(fd);
    }
    this.options.onAppend?.(complete, offset + complete.length);
    return true;
  }

  private wait(): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, this.options.intervalMs ?? 500);
      const signal = this.abort.signal;
      function done(): void {
        clearTimeout(t);
        signal.removeEventListener("abort", done);
        resolve();
      }
      signal.addEventListener("abort", done);
    });
  }
}

function sha256Prefix(path: string, length: number): string {
  const hash = createHash("sha256");
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(1024 * 1024);
    let left = length;
    let pos = 0;
    while (left > 0) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, left), pos);
      if (n === 0) break;
      hash.update(buf.subarray(0, n));
      left -= n;
      pos += n;
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest("hex");
}
