// Notices a result file changing under an open curation editor without re-reading gigabytes:
// stat (size, mtime, inode) plus a hash of a fixed sample of the indexed bytes (head, tail and
// evenly spaced blocks). The document also re-checks the exact bytes of every line it edits.
import { createHash } from "node:crypto";
import { open, stat, type FileHandle } from "node:fs/promises";
import type { LineRanges } from "./line-ranges";

export interface FileFingerprint {
  size: number;
  mtimeMs: number;
  ino: number;
  dev: number;
  /** End of the last indexed line; bytes past it were not indexed. */
  indexedEnd: number;
  /** Whether the last indexed line ends with a newline (so later bytes are new lines). */
  lastLineTerminated: boolean;
  sampleHash: string;
}

export type DiskChange =
  | { kind: "unchanged" }
  | { kind: "appended"; bytes: number }
  | { kind: "conflict"; reason: string };

const EDGE = 64 * 1024;
const BLOCK = 4 * 1024;
const BLOCKS = 32;

function sampleRanges(end: number): Array<[number, number]> {
  const ranges: Array<[number, number]> = [[0, Math.min(EDGE, end)]];
  if (end > EDGE) ranges.push([Math.max(EDGE, end - EDGE), end]);
  if (end > 2 * EDGE) {
    const step = Math.floor((end - 2 * EDGE) / BLOCKS);
    for (let i = 0; i < BLOCKS && step >= BLOCK; i++) {
      const s = EDGE + i * step;
      ranges.push([s, s + BLOCK]);
    }
  }
  return ranges;
}

async function hashSample(path: string, end: number): Promise<{ hash: string; lastByte: number }> {
  const fh = await open(path, "r");
  try {
    return await hashSampleOf(fh, end);
  } finally {
    await fh.close();
  }
}

async function hashSampleOf(
  fh: FileHandle,
  end: number,
): Promise<{ hash: string; lastByte: number }> {
  const hash = createHash("sha256");
  let lastByte = -1;
  for (const [s, e] of sampleRanges(end)) {
    const buf = Buffer.alloc(e - s);
    const { bytesRead } = await fh.read(buf, 0, buf.length, s);
    hash.update(buf.subarray(0, bytesRead));
    if (e === end && bytesRead === buf.length && bytesRead > 0) lastByte = buf[bytesRead - 1]!;
  }
  return { hash: hash.digest("hex"), lastByte };
}

export async function takeFingerprint(path: string, lines: LineRanges): Promise<FileFingerprint> {
  const st = await stat(path);
  const indexedEnd = lines.count > 0 ? lines.end(lines.count - 1) : 0;
  const { hash, lastByte } = await hashSample(path, indexedEnd);
  return {
    size: st.size,
    mtimeMs: st.mtimeMs,
    ino: st.ino,
    dev: st.dev,
    indexedEnd,
    lastLineTerminated: indexedEnd === 0 || lastByte === 0x0a,
    sampleHash: hash,
  };
}

export async function detectChange(path: string, fp: FileFingerprint): Promise<DiskChange> {
  let st;
  try {
    st = await stat(path);
  } catch {
    return { kind: "conflict", reason: "the file was deleted or moved" };
  }
  if (st.ino !== fp.ino || st.dev !== fp.dev)
    return { kind: "conflict", reason: "the file was replaced by another file" };
  if (st.size < fp.size) return { kind: "conflict", reason: "the file got shorter" };
  // The sample is hashed even when size and mtime match: ext4 timestamps are coarse (a few
  // milliseconds), so a quick rewrite can keep both.
  if ((await hashSample(path, fp.indexedEnd)).hash !== fp.sampleHash)
    return { kind: "conflict", reason: "the file's contents changed" };
  if (st.size === fp.size && st.mtimeMs === fp.mtimeMs) return { kind: "unchanged" };
  // Same size, newer mtime, same sample: an in-place rewrite the sample cannot rule out.
  if (st.size === fp.size)
    return { kind: "conflict", reason: "the file was modified (same size, newer time)" };
  if (!fp.lastLineTerminated)
    return { kind: "conflict", reason: "text was added to the last line, which had no newline" };
  return { kind: "appended", bytes: st.size - fp.size };
}

/**
 * Whether a handle opened on the file still holds the bytes the fingerprint was taken of: after
 * the file was replaced or deleted under that name, its old inode keeps them, unless it too was
 * written to in place.
 */
export async function heldUnchanged(fh: FileHandle, fp: FileFingerprint): Promise<boolean> {
  const st = await fh.stat();
  if (st.size < fp.indexedEnd || st.ino !== fp.ino || st.dev !== fp.dev) return false;
  return (await hashSampleOf(fh, fp.indexedEnd)).hash === fp.sampleHash;
}
