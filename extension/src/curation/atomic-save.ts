// Writes `source` with some lines replaced to `target`, atomically: a temp file beside the target,
// untouched byte ranges copied straight from the source in large chunks (never the whole file in
// memory), fsync, then rename over the target. A crash at any point leaves the target as it was.
import { randomBytes } from "node:crypto";
import { constants, type Stats } from "node:fs";
import { copyFile, open, realpath, rename, stat, unlink, type FileHandle } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { EarlyWriteback } from "./early-writeback";
import type { LineRanges } from "./line-ranges";

export interface AtomicSaveHooks {
  /** Called after each write to the temp file; a throw simulates a crash mid-write (tests). */
  afterWrite?(bytesWritten: number): void;
  /** Called just before the rename (tests). */
  beforeRename?(tempPath: string): void;
  /** Called just before a kernel copy of the whole source by name (tests). */
  beforeKernelCopy?(): Promise<void>;
}

export interface AtomicSaveRequest {
  sourcePath: string;
  /**
   * The source as an open handle, read instead of `sourcePath` (which then only names it): the
   * file as it was opened, when another file has since taken its name. Left open.
   */
  source?: FileHandle;
  ranges: LineRanges;
  /** Line number → full new bytes of the line, terminator included. */
  replacements: ReadonlyMap<number, Buffer>;
  targetPath: string;
  hooks?: AtomicSaveHooks;
}

export interface AtomicSaveResult {
  bytesWritten: number;
  /** Whether the kernel copied the file (up to the first line that changed length). */
  kernelCopy: boolean;
  /** Bytes copied past the last indexed line (lines appended by another writer). */
  tailBytes: number;
}

const CHUNK = 8 * 1024 * 1024;
/**
 * Page size of the temp file's cache. Each chunk of a copy is cut so its write ends on a page
 * boundary and the next write starts on a fresh page, instead of finishing a page the previous
 * write half filled. (Measured with the overlapped closing fsync below, on a 1 GiB file, edit
 * near the start, 11 rounds in rotation: best 361 ms instead of 425, median 434 instead of 472;
 * the mechanism is in ADR 0005.) 4 KiB is the page size of x86-64 and most arm64 kernels; where
 * pages are larger the cut is still correct, only less useful.
 */
const PAGE = 4096;
/** Buffers of a copy: one being read into while the others' writes are in flight. */
const BUFFERS = 2;

class TempWriter {
  position = 0;
  private readonly bufs = Array.from({ length: BUFFERS }, () => Buffer.allocUnsafe(CHUNK));

  constructor(
    private readonly src: FileHandle,
    private readonly dst: FileHandle,
    private readonly hooks: AtomicSaveHooks | undefined,
    private readonly writeback: EarlyWriteback,
  ) {}

  /** Appends `data` at the current position. */
  async write(data: Buffer): Promise<void> {
    const at = this.position;
    this.position += data.length;
    await this.writeAt(data, at);
  }

  /** Writes `data` over bytes already copied, at `at`; the current position stays. */
  async writeInPlace(data: Buffer, at: number): Promise<void> {
    if (at + data.length > this.position)
      throw new Error(`an in-place write at ${at} would pass the copied bytes`);
    await this.writeAt(data, at);
  }

  private async writeAt(data: Buffer, at: number): Promise<void> {
    let off = 0;
    while (off < data.length) {
      const { bytesWritten } = await this.dst.write(data, off, data.length - off, at + off);
      off += bytesWritten;
      this.hooks?.afterWrite?.(at + off);
      this.writeback.wrote(at + off);
    }
  }

  /**
   * Copies source bytes [start, end) to the current position. Each chunk is written at its own
   * offset, so the next chunk is read while up to BUFFERS - 1 writes are still running on
   * libuv's threads. (Measured on a 1 GiB file: one buffer read then written took 4-6 times as
   * long as cp. Two buffers of 8 MiB and three of 16 MiB saved an edit near the start in the
   * same 450-600 ms when the file was cached: no reason for the larger set.)
   */
  async copy(start: number, end: number): Promise<void> {
    let pos = start;
    const writes: Promise<void>[] = [];
    let k = 0;
    try {
      while (pos < end) {
        // The buffer read into next was last written BUFFERS chunks ago: wait for that write.
        if (writes.length >= BUFFERS) await writes.shift();
        const buf = this.bufs[k++ % BUFFERS]!;
        const length = Math.min(CHUNK - (this.position % PAGE), end - pos);
        const { bytesRead } = await this.src.read(buf, 0, length, pos);
        if (bytesRead === 0) throw new Error(`the source ended at byte ${pos}, expected ${end}`);
        const at = this.position;
        this.position += bytesRead;
        const write = this.writeAt(buf.subarray(0, bytesRead), at);
        // Handled here so a failed write is not an unhandled rejection while the next chunk is
        // read; it still rejects where it is awaited.
        write.catch(() => undefined);
        writes.push(write);
        pos += bytesRead;
      }
      await Promise.all(writes);
    } catch (err) {
      await Promise.allSettled(writes);
      throw err;
    }
  }
}

function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${randomBytes(6).toString("hex")}.tmp`);
}

/**
 * When the first line that changes length starts in the second half of the file (or no line
 * does), the kernel copies the whole file (`copy_file_range`, or a reflink where the filesystem
 * has them) faster than user space can copy the prefix: edited lines before that point are
 * written over their old bytes in place, and only the tail from it on is rewritten. Otherwise
 * every byte goes through two reused buffers. Either way the temp file is flushed while it is
 * written (EarlyWriteback). The temp file is created here, exclusively and private, and the
 * kernel copy writes into that same inode, so the handle that flushes it is the one that ends
 * the save.
 */
async function prepareTemp(
  req: AtomicSaveRequest,
  temp: string,
  shiftStart: number,
  source: Stats,
): Promise<{ dst: FileHandle; writeback: EarlyWriteback; from: number; kernelCopy: boolean }> {
  const dst = await open(temp, "wx", 0o600);
  const writeback = new EarlyWriteback(dst);
  // The kernel copy goes by name: not for a source read through a handle, nor with write hooks
  // (crash injection counts user-space writes).
  if (shiftStart > source.size / 2 && !req.hooks?.afterWrite && !req.source) {
    try {
      await req.hooks?.beforeKernelCopy?.();
      await writeback.during(copyFile(req.sourcePath, temp, constants.COPYFILE_FICLONE));
      const [held, named, copied] = await Promise.all([
        dst.stat(),
        stat(temp),
        stat(req.sourcePath),
      ]);
      if (held.ino !== named.ino || held.dev !== named.dev)
        throw new Error(`${temp} was replaced while the save copied into it`);
      // The copy went by name: it must have read the file the edits were checked against, whole.
      // (Another file under the name, or this one cut short, would put the edited lines at the
      // wrong offsets or pad the gap with zeros.)
      if (copied.ino !== source.ino || copied.dev !== source.dev)
        throw new Error(`${req.sourcePath} was replaced while it was being saved`);
      if (held.size < shiftStart || copied.size < source.size)
        throw new Error(`${req.sourcePath} got shorter while it was being saved`);
      await dst.truncate(shiftStart);
    } catch (err) {
      await dst.close().catch(() => undefined);
      throw err;
    }
    return { dst, writeback, from: shiftStart, kernelCopy: true };
  }
  return { dst, writeback, from: 0, kernelCopy: false };
}

async function fsyncDir(dir: string): Promise<void> {
  try {
    const fh = await open(dir, "r");
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // Some filesystems refuse fsync on a directory; the rename itself has happened.
  }
}

/** Copies the rest of the source, again while a writer (a running job) keeps appending. */
async function copyTail(writer: TempWriter, src: FileHandle, from: number, size: number) {
  let end = size;
  await writer.copy(from, end);
  for (let round = 0; round < 8; round++) {
    const now = (await src.stat()).size;
    if (now <= end) break;
    await writer.copy(end, now);
    end = now;
  }
  return end;
}

export async function atomicSave(req: AtomicSaveRequest): Promise<AtomicSaveResult> {
  const lines = [...req.replacements.keys()].sort((a, b) => a - b);
  // Through a symlink, replace the file it points to, not the link.
  const target = await realpath(req.targetPath).catch(() => req.targetPath);
  const src = req.source ?? (await open(req.sourcePath, "r"));
  const closeSource = () => (req.source ? Promise.resolve() : src.close());
  const temp = tempPathFor(target);
  let dst: FileHandle | undefined;
  let result: AtomicSaveResult;
  try {
    const srcStat: Stats = await src.stat();
    // From the first line whose new bytes differ in length from its old ones, every byte moves.
    const shifting = lines.find(
      (line) =>
        req.replacements.get(line)!.length !== req.ranges.end(line) - req.ranges.start(line),
    );
    const shiftStart = shifting === undefined ? srcStat.size : req.ranges.start(shifting);
    const prepared = await prepareTemp(req, temp, shiftStart, srcStat);
    dst = prepared.dst;
    const writer = new TempWriter(src, dst, req.hooks, prepared.writeback);
    writer.position = prepared.from;
    let pos = prepared.from;
    for (const line of lines.filter((l) => req.ranges.start(l) < prepared.from))
      await writer.writeInPlace(req.replacements.get(line)!, req.ranges.start(line));
    for (const line of lines.filter((l) => req.ranges.start(l) >= prepared.from)) {
      await writer.copy(pos, req.ranges.start(line));
      await writer.write(req.replacements.get(line)!);
      pos = req.ranges.end(line);
    }
    const end = await copyTail(writer, src, pos, srcStat.size);
    await dst.truncate(writer.position);
    await dst.chmod(srcStat.mode & 0o7777);
    // The closing fsync need not wait for an early flush still running: both go to the disk at
    // once. Both are awaited, whatever happens, before the handle is closed.
    const [, synced] = await Promise.allSettled([prepared.writeback.settle(), dst.sync()]);
    if (synced.status === "rejected") throw synced.reason;
    await dst.close();
    dst = undefined;
    const indexedEnd = req.ranges.count ? req.ranges.end(req.ranges.count - 1) : 0;
    result = {
      bytesWritten: writer.position,
      kernelCopy: prepared.kernelCopy,
      tailBytes: Math.max(0, end - indexedEnd),
    };
    req.hooks?.beforeRename?.(temp);
    await rename(temp, target);
    await fsyncDir(dirname(target));
  } catch (err) {
    await dst?.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    await closeSource();
    throw err;
  }
  // Closing the last handle of the replaced file frees its blocks (with `discard`, a TRIM of
  // the whole old file): cleanup the saved data does not depend on, so the save does not wait.
  void closeSource().catch(() => undefined);
  return result;
}
