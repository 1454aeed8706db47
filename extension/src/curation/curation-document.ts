// The document model behind the curation custom editor (design.md "Decisions"): the file stays
// on disk, a line index gives byte ranges, and only edited lines are held in memory. VS Code's
// undo/redo call `applyEdit` with the inverse or the original edit; save, save-as, revert and
// hot-exit backup map onto the methods of the same names. No `vscode` import: the provider wraps it.
import { isDeepStrictEqual } from "node:util";
import { open, type FileHandle } from "node:fs/promises";
import { type AuditEntry, type CurationEdit } from "../../../schemas/src/records";
import { atomicSave, type AtomicSaveHooks } from "./atomic-save";
import { AuditTrail, type EditProvenance } from "./audit-trail";
import { readBackup, writeBackup, type PendingEdit } from "./curation-backup";
import {
  detectChange,
  heldUnchanged,
  takeFingerprint,
  type FileFingerprint,
} from "./file-fingerprint";
import { fitLineLength, sameTokens } from "./fit-line-length";
import { ShiftedLineRanges, type LineRanges } from "./line-ranges";
import { readQuery, rewriteLine } from "./line-rewriter";

export interface AppliedEdit {
  line: number;
  before: unknown;
  /** The edit as applied (a step label with its separator): apply it again to redo. */
  edit: CurationEdit;
  /** Apply this to undo. */
  inverse: CurationEdit;
}

export type SaveResult =
  | {
      kind: "saved";
      path: string;
      bytesWritten: number;
      /** Bytes past the indexed lines, kept as they were (e.g. lines appended by a running job). */
      unindexedBytes: number;
      auditEntries: number;
      /**
       * Saved over the document's own file: edited line → new length minus old length, so an
       * index of the old file can be shifted instead of rebuilt. Empty for save-as.
       */
      lineDeltas: ReadonlyMap<number, number>;
      /** Set when the data was saved but the audit trail could not be appended. */
      auditError?: string;
    }
  | { kind: "conflict"; reason: string };

export interface CurationDocumentOptions {
  path: string;
  lines: LineRanges;
  /** Fault injection for tests. */
  saveHooks?: AtomicSaveHooks;
  now?: () => Date;
  /**
   * What the editor splits a row's steps on when they have no labels yet (the sidecar's
   * separator for that solution, else the setting); the first step label records it in the row.
   */
  separator?: (query: string | null, solutionId: number) => string;
  /**
   * Whether a save writes an edited row at its length on disk (JSON whitespace added or removed
   * in that row, fit-line-length.ts), so the rest of the file keeps its offsets and is copied by
   * the kernel. Asked at each save (a setting); off when absent.
   */
  keepLineLength?: () => boolean;
}

interface DiskLine {
  content: Buffer;
  terminator: Buffer;
}

interface HistoryEntry {
  previous: Buffer;
  inverse: CurationEdit;
  pending: PendingEdit;
}

function splitTerminator(raw: Buffer): DiskLine {
  let cut = raw.length;
  if (raw[cut - 1] === 0x0a) cut -= raw[cut - 2] === 0x0d ? 2 : 1;
  return { content: raw.subarray(0, cut), terminator: raw.subarray(cut) };
}

export class CurationDocument {
  readonly path: string;
  private ranges: LineRanges;
  private fingerprint: FileFingerprint;
  private readonly disk = new Map<number, DiskLine>();
  /**
   * Each edited line's content before this document first edited it, kept through its own saves:
   * a row edited back to the same tokens is written with these bytes again (keptLength). Dropped
   * on any other revert, when the file may be another.
   */
  private readonly firstSeen = new Map<number, Buffer>();
  private readonly edited = new Map<number, Buffer>();
  private readonly history = new Map<number, HistoryEntry[]>();
  private pending: PendingEdit[] = [];
  private chain: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly options: CurationDocumentOptions,
    fingerprint: FileFingerprint,
    /**
     * The file as the fingerprint saw it, held open: if another file takes its name (a rerun, a
     * sync), Save As still writes the edits onto the bytes they were made on.
     */
    private held: FileHandle,
  ) {
    this.path = options.path;
    this.ranges = options.lines;
    this.fingerprint = fingerprint;
  }

  static async open(options: CurationDocumentOptions): Promise<CurationDocument> {
    const held = await open(options.path, "r");
    try {
      const fingerprint = await takeFingerprint(options.path, options.lines);
      return new CurationDocument(options, fingerprint, held);
    } catch (err) {
      await held.close();
      throw err;
    }
  }

  /** Lets go of the file. */
  close(): Promise<void> {
    return this.run(() => this.held.close());
  }

  /** Opens the original file and replays a hot-exit backup onto it. */
  static async restoreFromBackup(
    backupPath: string,
    options: CurationDocumentOptions,
  ): Promise<{ document: CurationDocument; skipped: PendingEdit[]; fileChanged: boolean }> {
    const backup = await readBackup(backupPath);
    const document = await CurationDocument.open(options);
    const now = document.fingerprint;
    const fileChanged =
      now.size !== backup.fingerprint.size || now.sampleHash !== backup.fingerprint.sampleHash;
    const skipped: PendingEdit[] = [];
    for (const p of backup.edits) {
      const ok = p.edit.line < document.ranges.count;
      const text = ok ? await document.readLine(p.edit.line) : undefined;
      if (!text || (p.query !== null && safeQuery(text) !== p.query)) skipped.push(p);
      else await document.applyEdit(p.edit, p.provenance, p.time).catch(() => skipped.push(p));
    }
    return { document, skipped, fileChanged };
  }

  get lines(): LineRanges {
    return this.ranges;
  }

  get isDirty(): boolean {
    return this.edited.size > 0;
  }

  /** Lines whose current bytes differ from the disk, ascending. */
  get editedLines(): readonly number[] {
    return [...this.edited.keys()].sort((a, b) => a - b);
  }

  /** Net unsaved edits, in the order they were made (what the next save audits). */
  get pendingEdits(): readonly PendingEdit[] {
    return this.pending;
  }

  /** The line's current bytes (edited or on disk), without its terminator. */
  readLine(line: number): Promise<Buffer> {
    return this.run(
      async () => this.edited.get(line) ?? (await this.diskLine(line, false)).content,
    );
  }

  applyEdit(edit: CurationEdit, provenance: EditProvenance, time?: string): Promise<AppliedEdit> {
    return this.run(() => this.apply(edit, provenance, time));
  }

  save(): Promise<SaveResult> {
    return this.run(() => this.write(this.path));
  }

  /** Writes the edited file elsewhere; this document keeps its state (VS Code opens the copy). */
  saveAs(target: string): Promise<SaveResult> {
    return this.run(() => this.write(target));
  }

  /**
   * Drops every edit; pass a fresh index when the file changed on disk. `afterSave`: the file is
   * the one this document just saved (the editor starts over on it), so rows keep their first
   * bytes for an edit back.
   */
  revert(lines?: LineRanges, afterSave = false): Promise<void> {
    return this.run(async () => {
      this.edited.clear();
      this.history.clear();
      this.disk.clear();
      if (!afterSave) this.firstSeen.clear();
      this.pending = [];
      if (lines) this.ranges = lines;
      await this.holdAndFingerprint();
    });
  }

  backup(destination: string): Promise<void> {
    return this.run(() =>
      writeBackup(destination, {
        version: 1,
        path: this.path,
        fingerprint: this.fingerprint,
        edits: this.pending,
      }),
    );
  }

  private run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Only lines being edited are cached: the editor may read many lines through `readLine`. */
  private async diskLine(line: number, cache = true): Promise<DiskLine> {
    const cached = this.disk.get(line);
    if (cached) return cached;
    if (!Number.isInteger(line) || line < 0 || line >= this.ranges.count)
      throw new RangeError(`line ${line} is outside the file (0..${this.ranges.count - 1})`);
    // Through the held file, the one the index was built on and the editor shows.
    const raw = await readRange(this.held, this.ranges.start(line), this.ranges.end(line));
    const parsed = splitTerminator(raw);
    if (cache) this.disk.set(line, parsed);
    return parsed;
  }

  private setLine(line: number, content: Buffer, disk: DiskLine): void {
    if (content.equals(disk.content)) this.edited.delete(line);
    else this.edited.set(line, content);
  }

  private async apply(
    asMade: CurationEdit,
    provenance: EditProvenance,
    time?: string,
  ): Promise<AppliedEdit> {
    const disk = await this.diskLine(asMade.line);
    const text = this.edited.get(asMade.line) ?? disk.content;
    // A step label carries the separator its steps were split on from here on (pending edits,
    // the backup, redo), so replaying it gives the same bytes whatever the setting is then.
    let edit = asMade;
    if (edit.type === "set-step-label" && edit.separator === undefined) {
      const separator = this.options.separator?.(safeQuery(text), edit.solutionId);
      if (separator !== undefined) edit = { ...edit, separator };
    }
    const result = rewriteLine(text, edit);
    this.rememberFirst(edit.line, disk.content);
    const applied = { line: edit.line, before: result.before, edit, inverse: result.inverse };
    const stack = this.history.get(edit.line) ?? [];
    const top = stack[stack.length - 1];
    if (top && isDeepStrictEqual(top.inverse, edit)) {
      // An undo: restore the exact previous bytes, whatever re-serializing would give.
      stack.pop();
      this.setLine(edit.line, top.previous, disk);
      const index = this.pending.indexOf(top.pending);
      if (index >= 0) this.pending.splice(index, 1);
      else this.pending.push(this.pendingFor(edit, provenance, time, result.before, text));
      return applied;
    }
    if (result.text.equals(text)) return applied;
    const pending = this.pendingFor(edit, provenance, time, result.before, text);
    stack.push({ previous: text, inverse: result.inverse, pending });
    this.history.set(edit.line, stack);
    this.pending.push(pending);
    this.setLine(edit.line, result.text, disk);
    return applied;
  }

  private pendingFor(
    edit: CurationEdit,
    provenance: EditProvenance,
    time: string | undefined,
    before: unknown,
    text: Buffer,
  ): PendingEdit {
    const now = time ?? (this.options.now?.() ?? new Date()).toISOString();
    return { edit, provenance, time: now, before, query: safeQuery(text) };
  }

  private async write(target: string): Promise<SaveResult> {
    if (this.edited.size === 0 && target === this.path) {
      // Nothing differs from the disk (edits undone or cancelled out): nothing reaches the file,
      // so nothing is audited.
      this.pending = [];
      return {
        kind: "saved",
        path: target,
        bytesWritten: 0,
        unindexedBytes: 0,
        auditEntries: 0,
        lineDeltas: new Map(),
      };
    }
    const change = await detectChange(this.path, this.fingerprint);
    let source: FileHandle | undefined;
    if (change.kind === "conflict") {
      if (target === this.path) return change;
      // Save As: the file as it was opened may still be whole, if another took its name.
      if (!(await heldUnchanged(this.held, this.fingerprint)))
        return {
          kind: "conflict",
          reason: `${change.reason}, and the file as it was opened changed too`,
        };
      source = this.held;
    }
    const keepLength = this.options.keepLineLength?.() ?? false;
    /** Line → its new content as written (fitted to its old length where it could be). */
    const written = new Map<number, Buffer>();
    const replacements = new Map<number, Buffer>();
    for (const [line, content] of this.edited) {
      const disk = this.disk.get(line)!;
      const now = await readRange(
        source ?? this.path,
        this.ranges.start(line),
        this.ranges.end(line),
      );
      if (!now.equals(Buffer.concat([disk.content, disk.terminator])))
        return { kind: "conflict", reason: `line ${line + 1} changed on disk` };
      const bytes = keepLength ? this.keptLength(line, content, disk.content.length) : content;
      written.set(line, bytes);
      replacements.set(line, Buffer.concat([bytes, disk.terminator]));
    }
    const saved = await atomicSave({
      sourcePath: this.path,
      ...(source ? { source } : {}),
      ranges: this.ranges,
      replacements,
      targetPath: target,
      ...(this.options.saveHooks ? { hooks: this.options.saveHooks } : {}),
    });
    const entries = this.pending.map((p) => auditEntry(p));
    let auditError: string | undefined;
    try {
      await new AuditTrail(target).append(entries);
    } catch (err) {
      auditError = err instanceof Error ? err.message : String(err);
    }
    const lineDeltas =
      target === this.path
        ? await this.rebase(written, auditError === undefined)
        : new Map<number, number>();
    return {
      kind: "saved",
      path: target,
      bytesWritten: saved.bytesWritten,
      unindexedBytes: saved.tailBytes,
      auditEntries: auditError === undefined ? entries.length : 0,
      lineDeltas,
      ...(auditError === undefined ? {} : { auditError }),
    };
  }

  /**
   * The row's new content at `length` bytes where it fits. A row edited back to what it first
   * held (a flip saved, then undone and saved) gets its first bytes back, not a padded or
   * compacted copy, so undoing across saves leaves the file as it was.
   */
  private keptLength(line: number, content: Buffer, length: number): Buffer {
    const first = this.firstSeen.get(line);
    if (first?.length === length && tokensEqual(first, content)) return first;
    return fitted(content, length) ?? content;
  }

  private rememberFirst(line: number, content: Buffer): void {
    if (this.firstSeen.has(line)) return;
    // Edits back across a save are undos of recent edits: the oldest rows go first.
    if (this.firstSeen.size >= FIRST_SEEN_ROWS)
      this.firstSeen.delete(this.firstSeen.keys().next().value!);
    this.firstSeen.set(line, content);
  }

  /** Holds the file now under the name, and takes its fingerprint. */
  private async holdAndFingerprint(): Promise<void> {
    const held = await open(this.path, "r");
    void this.held.close().catch(() => undefined);
    this.held = held;
    this.fingerprint = await takeFingerprint(this.path, this.ranges);
  }

  /** After saving over the file: edited bytes are now the disk bytes, ranges shift. */
  private async rebase(
    written: ReadonlyMap<number, Buffer>,
    audited: boolean,
  ): Promise<Map<number, number>> {
    const deltas = new Map<number, number>();
    for (const [line, content] of written) {
      const disk = this.disk.get(line)!;
      deltas.set(line, content.length - disk.content.length);
      this.disk.set(line, { content, terminator: disk.terminator });
    }
    this.edited.clear();
    if (audited) this.pending = [];
    if (deltas.size) this.ranges = new ShiftedLineRanges(this.ranges, deltas);
    await this.holdAndFingerprint();
    return deltas;
  }
}

function auditEntry(p: PendingEdit): AuditEntry {
  return {
    time: p.time,
    author: p.provenance.author,
    source: p.provenance.source,
    ...(p.provenance.model === undefined ? {} : { model: p.provenance.model }),
    ...(p.provenance.reason === undefined ? {} : { reason: p.provenance.reason }),
    query: p.query ?? "",
    line: p.edit.line,
    edit: p.edit,
    before: p.before,
  };
}

/** How many rows' first bytes a document keeps (each is a whole row, up to megabytes). */
const FIRST_SEEN_ROWS = 256;

function tokensEqual(a: Buffer, b: Buffer): boolean {
  try {
    return sameTokens(a, b);
  } catch {
    return false;
  }
}

/** The row at `length` bytes, or undefined when it does not fit (or does not scan). */
function fitted(content: Buffer, length: number): Buffer | undefined {
  try {
    return fitLineLength(content, length);
  } catch {
    return undefined;
  }
}

function safeQuery(text: Buffer): string | null {
  try {
    return readQuery(text);
  } catch {
    return null;
  }
}

/** Bytes [start, end) of a file, by name or through a handle (left open). */
async function readRange(file: string | FileHandle, start: number, end: number): Promise<Buffer> {
  const fh = typeof file === "string" ? await open(file, "r") : file;
  try {
    const buf = Buffer.alloc(end - start);
    const { bytesRead } = await fh.read(buf, 0, buf.length, start);
    return buf.subarray(0, bytesRead);
  } finally {
    if (typeof file === "string") await fh.close();
  }
}
