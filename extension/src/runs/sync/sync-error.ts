// rsync's stderr and exit status turned into words a user can act on. rsync prefixes its own
// messages with the side that failed (`[sender]`, `[receiver]`, `[generator]`), which with the
// transfer's direction tells "the remote disk is full" from "the local disk is full".

export type SyncErrorKind =
  | "remote-missing"
  | "remote-not-a-file"
  | "local-missing"
  | "permission-denied"
  | "local-disk-full"
  | "remote-disk-full"
  | "rsync-missing"
  | "checkout-missing"
  | "remote-rewritten"
  | "interrupted"
  | "failed";

export type Direction = "download" | "upload";

export class SyncError extends Error {
  constructor(
    readonly kind: SyncErrorKind,
    message: string,
    /** rsync's (or the host's) own words, kept for the log. */
    readonly detail = "",
  ) {
    super(message);
    this.name = "SyncError";
  }
}

const RSYNC_LINE = /^rsync: \[(sender|receiver|generator|Receiver|client|server)\] (.*)$/;

/**
 * Classifies a finished rsync. `code` is rsync's exit status (20: a signal, 11/12/23: I/O and
 * partial transfers, 127/12 with "command not found": no rsync on the host).
 */
export function classifyRsyncFailure(
  host: string,
  direction: Direction,
  code: number,
  stderr: string,
  aborted = false,
): SyncError {
  const text = stderr.trim();
  const where = direction === "download" ? `from ${host}` : `to ${host}`;
  if (aborted || code === 20 || /received SIG(INT|TERM|HUP)/.test(text))
    return new SyncError(
      "interrupted",
      `copying ${where} was interrupted; the partial file is kept and the next sync resumes it`,
      text,
    );
  const lines = text.split(/\r?\n/);
  for (const line of lines) {
    const m = RSYNC_LINE.exec(line);
    if (!m) continue;
    const role = m[1]?.toLowerCase() === "sender" ? "sender" : "receiver";
    const local = (role === "receiver") === (direction === "download");
    const file = /"([^"]*)"/.exec(m[2] ?? "")?.[1] ?? "";
    if (/No space left on device|Disk quota exceeded/.test(line))
      return local
        ? new SyncError("local-disk-full", `the local disk is full while writing ${file}`, text)
        : new SyncError(
            "remote-disk-full",
            `the disk on ${host} is full while writing ${file}`,
            text,
          );
    if (/Permission denied/.test(line))
      return new SyncError(
        "permission-denied",
        `permission denied ${local ? "on this machine" : `on ${host}`} for ${file}`,
        text,
      );
    if (/No such file or directory/.test(line) && role === "sender")
      return local
        ? new SyncError("local-missing", `no such local file: ${file}`, text)
        : new SyncError("remote-missing", `no such file on ${host}: ${file}`, text);
  }
  if (/rsync: (command )?not found|rsync: No such file or directory/.test(text))
    return new SyncError(
      "rsync-missing",
      `rsync is not installed on ${direction === "download" ? host : "this machine or " + host}; install it (e.g. apt install rsync)`,
      text,
    );
  const last = lines.filter((l) => l.trim()).at(-1) ?? "";
  return new SyncError(
    "failed",
    `rsync ${where} failed (exit ${code})${last ? `: ${last}` : ""}`,
    text,
  );
}
