import { open, stat, type FileHandle } from "node:fs/promises";
import { LineStarts } from "./line-starts";

/** Bytes done out of the file size when the pass started; `lines` indexed so far. */
export interface IndexProgress {
  bytesDone: number;
  totalBytes: number;
  lines: number;
}

export interface IndexPassOptions {
  /** Called after every chunk; the new lines can already be read when it runs. */
  onProgress?: (progress: IndexProgress) => void;
  signal?: AbortSignal;
}

export type ExtendResult =
  | { status: "unchanged" }
  | { status: "appended"; lines: number }
  /** The file shrank, was replaced, or an indexed byte changed: open a new index. */
  | { status: "rewritten"; reason: string };

/** Byte range of line `i`: content is [start, end) (a trailing \r included), \n at `end`. */
export interface LineSpan {
  start: number;
  end: number;
  blank: boolean;
}

// The first chunk is small so the first records show fast; later ones are large so the scan runs
// at disk speed (one fs.read and a few indexOf calls per 8 MiB).
const FIRST_CHUNK = 64 * 1024;
const CHUNK = 8 * 1024 * 1024;
// Bytes compared again by extend() to tell an append from a rewrite (see `fingerprint`).
const PROBE = 4096;
const BOM = [0xef, 0xbb, 0xbf];

/**
 * Byte offsets of the lines of a `.jsonl` file, built by one streaming pass and read back with
 * positional reads, so a file of any size never has to be in memory. A line is a record once its
 * \n is written: the bytes after the last \n (a job still writing) are `pendingBytes`, not a line.
 * A UTF-8 BOM before line 0 is skipped; a \r before \n is dropped from the text; a line holding
 * only whitespace is `blank`. Lines already indexed stay readable while build() or extend() runs.
 */
export class LineIndex {
  private starts = new LineStarts();
  private end = 0;
  private size = 0;
  private ino = 0;
  private scanned = 0;
  private head: Buffer = Buffer.alloc(0);
  private tail: Buffer = Buffer.alloc(0);
  private busy = false;
  /** Whether the current (unfinished) line has shown a non-whitespace byte yet. */
  private content = false;

  private constructor(
    readonly path: string,
    private readonly fh: FileHandle,
  ) {}

  /** Opens the file; nothing is indexed until build(). */
  static async open(path: string): Promise<LineIndex> {
    const fh = await open(path, "r");
    const index = new LineIndex(path, fh);
    index.ino = (await fh.stat()).ino;
    return index;
  }

  /** Complete lines indexed so far. */
  get lineCount(): number {
    return this.starts.length;
  }

  /** Offset just past the last indexed \n. */
  get indexedBytes(): number {
    return this.end;
  }

  /** Bytes scanned after the last \n: an unfinished line (a job still writing). */
  get pendingBytes(): number {
    return this.scanned - this.end;
  }

  /** The file's size when the last pass started. */
  get fileBytes(): number {
    return this.size;
  }

  get hasBom(): boolean {
    return this.starts.length > 0 && this.starts.start(0) === BOM.length;
  }

  /** Memory held by the offsets (the reused read buffer is freed after each pass). */
  get memoryBytes(): number {
    return this.starts.byteLength;
  }

  /** Indexes the whole file as it is now. After an abort, extend() carries on where it stopped. */
  async build(options: IndexPassOptions = {}): Promise<void> {
    if (this.end !== 0 || this.starts.length !== 0) throw new Error("index already built");
    await this.scan(options);
  }

  /**
   * Indexes what was appended since the last pass, or reports that the file was rewritten: it
   * was deleted, replaced (another inode, as an atomic save does), shrank, or its first or last
   * 4 KiB of indexed bytes differ. An edit elsewhere that keeps the size growing goes unseen;
   * comparing every byte would cost a full read.
   */
  async extend(options: IndexPassOptions = {}): Promise<ExtendResult> {
    const info = await stat(this.path).catch(() => null);
    if (!info) return { status: "rewritten", reason: "the file was deleted" };
    if (info.ino !== this.ino) return { status: "rewritten", reason: "the file was replaced" };
    if (info.size < this.size) return { status: "rewritten", reason: "the file shrank" };
    if (!(await this.sameFingerprint()))
      return { status: "rewritten", reason: "indexed bytes changed" };
    const before = this.starts.length;
    if (info.size === this.scanned) return { status: "unchanged" };
    await this.scan(options);
    const lines = this.starts.length - before;
    return lines > 0 ? { status: "appended", lines } : { status: "unchanged" };
  }

  /**
   * The index of the file a save just wrote over this one (same path, new inode), without reading
   * it again: only the saved lines changed length, so every start after one shifts by the sum of
   * the changes before it. `deltas` maps a line to its new length minus its old one. Bytes past
   * the last indexed line (appended by a job during the save) are left for extend() to scan.
   * This index stays usable until closed.
   */
  async afterSave(deltas: ReadonlyMap<number, number>): Promise<LineIndex> {
    if (this.busy) throw new Error("an index pass is running");
    const next = await LineIndex.open(this.path);
    try {
      next.starts = this.starts.shifted(deltas);
      let shift = 0;
      for (const delta of deltas.values()) shift += delta;
      next.end = this.end + shift;
      next.scanned = next.end;
      next.size = next.end;
      await next.fingerprint();
      return next;
    } catch (err) {
      await next.close();
      throw err;
    }
  }

  isBlank(i: number): boolean {
    this.check(i);
    return this.starts.blank(i);
  }

  span(i: number): LineSpan {
    this.check(i);
    const start = this.starts.start(i);
    const next = i + 1 < this.starts.length ? this.starts.start(i + 1) : this.end;
    return { start, end: next - 1, blank: this.starts.blank(i) };
  }

  /** The bytes of line `i` without its \r\n. */
  async readLineBytes(i: number): Promise<Buffer> {
    const { start, end } = this.span(i);
    const buf = Buffer.allocUnsafe(end - start);
    await this.readFully(buf, start);
    return buf.length > 0 && buf[buf.length - 1] === 0x0d ? buf.subarray(0, -1) : buf;
  }

  /** The text of line `i`; invalid UTF-8 becomes U+FFFD (the raw bytes stay on disk). */
  async readLine(i: number): Promise<string> {
    return (await this.readLineBytes(i)).toString("utf8");
  }

  /** Lines [from, from + count) in one read: what a list view needs for a screenful. */
  async readLines(from: number, count: number): Promise<string[]> {
    const last = Math.min(from + count, this.starts.length) - 1;
    if (last < from) return [];
    const first = this.span(from).start;
    const stop = this.span(last).end;
    const buf = Buffer.allocUnsafe(stop - first);
    await this.readFully(buf, first);
    const out: string[] = [];
    for (let i = from; i <= last; i++) {
      const { start, end } = this.span(i);
      const cr = end > start && buf[end - first - 1] === 0x0d ? 1 : 0;
      out.push(buf.toString("utf8", start - first, end - first - cr));
    }
    return out;
  }

  async close(): Promise<void> {
    await this.fh.close();
  }

  private check(i: number): void {
    if (!Number.isInteger(i) || i < 0 || i >= this.starts.length)
      throw new RangeError(`line ${i} is not indexed (${this.starts.length} lines)`);
  }

  private async scan({ onProgress, signal }: IndexPassOptions): Promise<void> {
    if (this.busy) throw new Error("an index pass is already running");
    this.busy = true;
    try {
      this.size = (await this.fh.stat()).size;
      const total = this.size;
      // The unfinished line left by the last pass is scanned again from its start.
      let pos = this.end;
      let lineStart = pos;
      this.content = false;
      if (pos === 0) {
        const bom = Buffer.alloc(BOM.length);
        await this.readAt(bom, 0, BOM.length);
        if (BOM.every((b, k) => bom[k] === b)) lineStart = pos = BOM.length;
      }
      let buf = Buffer.allocUnsafe(Math.max(BOM.length, Math.min(FIRST_CHUNK, total - pos)));
      while (pos < total) {
        signal?.throwIfAborted();
        const n = await this.readAt(buf, pos, Math.min(buf.length, total - pos));
        if (n === 0) break;
        lineStart = this.scanChunk(n === buf.length ? buf : buf.subarray(0, n), pos, lineStart);
        pos += n;
        this.scanned = pos;
        onProgress?.({ bytesDone: pos, totalBytes: total, lines: this.starts.length });
        if (buf.length < CHUNK && pos < total) buf = Buffer.allocUnsafe(CHUNK);
      }
      this.scanned = Math.max(pos, this.end);
      await this.fingerprint();
    } finally {
      this.busy = false;
    }
  }

  /** Records every line that ends in `buf`; returns the start of the unfinished line. */
  private scanChunk(buf: Buffer, base: number, lineStart: number): number {
    let p = 0;
    for (;;) {
      if (!this.content) {
        p = skipBlanks(buf, p);
        if (p < buf.length && buf[p] !== 0x0a) this.content = true;
      }
      const nl = buf.indexOf(0x0a, p);
      if (nl < 0) return lineStart;
      this.starts.push(lineStart, !this.content);
      this.end = base + nl + 1;
      lineStart = this.end;
      this.content = false;
      p = nl + 1;
    }
  }

  /** Remembers bytes that an append leaves alone: the file's head and the last indexed line. */
  private async fingerprint(): Promise<void> {
    const headLength = Math.min(PROBE, this.end);
    this.head = Buffer.allocUnsafe(headLength);
    await this.readAt(this.head, 0, headLength);
    this.tail = Buffer.allocUnsafe(Math.min(PROBE, this.end - headLength));
    await this.readAt(this.tail, this.end - this.tail.length, this.tail.length);
  }

  private async sameFingerprint(): Promise<boolean> {
    const head = Buffer.allocUnsafe(this.head.length);
    const tail = Buffer.allocUnsafe(this.tail.length);
    const [h, t] = await Promise.all([
      this.readAt(head, 0, head.length),
      this.readAt(tail, this.end - tail.length, tail.length),
    ]);
    return (
      h === head.length && t === tail.length && head.equals(this.head) && tail.equals(this.tail)
    );
  }

  private async readAt(buf: Buffer, position: number, length: number): Promise<number> {
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.fh.read(buf, done, length - done, position + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return done;
  }

  private async readFully(buf: Buffer, position: number): Promise<void> {
    const n = await this.readAt(buf, position, buf.length);
    if (n !== buf.length) throw new Error(`${this.path} changed: short read at ${position}`);
  }
}

/** Skips spaces, tabs and \r: a line holding only these (or nothing) is blank. */
function skipBlanks(buf: Buffer, p: number): number {
  while (p < buf.length) {
    const c = buf[p];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return p;
    p++;
  }
  return p;
}
