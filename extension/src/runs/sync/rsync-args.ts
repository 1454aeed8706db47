// The rsync command line, built in one pure place. Paths never appear in argv: they go in a
// NUL-separated `--files-from` list on stdin. The two roots are protected by `-s` (rsync sends
// them through its protocol, not the remote shell) and preceded by `--`.

/** Where an interrupted download keeps its partial file; rsync resumes from it (delta transfer). */
export const PARTIAL_DIR = ".agentark-partial";

export interface RsyncArgsInput {
  /** `ssh …` for `-e`, or undefined for this machine (the `local` host). */
  readonly shell?: string;
  /** The source root, ending in `/` (`host:/abs/checkout/` or a local folder). */
  readonly source: string;
  readonly destination: string;
  /**
   * `--append-verify`: send only the bytes past the receiver's length, then check the whole
   * file's checksum (rsync re-sends it in full on a mismatch). Only for files the receiver holds
   * a shorter copy of; a same-size or longer one would be skipped unchecked.
   */
  readonly append: boolean;
  /**
   * `--inplace` for a full transfer: rsync rewrites only the blocks that differ in the
   * receiver's file itself (same inode), for a file an editor has open and follows by inode.
   */
  readonly inPlace?: boolean;
  readonly bwlimitKiB?: number;
}

export function buildRsyncArgs(input: RsyncArgsInput): string[] {
  return [
    "-s",
    "-t",
    "--no-whole-file",
    ...(input.append
      ? ["--partial", "--append-verify"]
      : input.inPlace
        ? ["--inplace"]
        : [`--partial-dir=${PARTIAL_DIR}`]),
    "--files-from=-",
    "--from0",
    "--stats",
    ...(input.shell ? ["-e", input.shell] : []),
    ...(input.bwlimitKiB ? [`--bwlimit=${input.bwlimitKiB}`] : []),
    "--",
    withSlash(input.source),
    withSlash(input.destination),
  ];
}

/** `Literal data: 1,234 bytes` from `--stats`: what actually crossed the wire. */
export function literalBytes(stdout: string): number | undefined {
  const m = /Literal data: ([\d,.]+) bytes/.exec(stdout);
  return m?.[1] ? Number(m[1].replace(/[,.]/g, "")) : undefined;
}

function withSlash(root: string): string {
  return root.endsWith("/") ? root : `${root}/`;
}
