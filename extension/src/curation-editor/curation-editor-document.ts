import { existsSync } from "node:fs";
import * as vscode from "vscode";
import type { AuditEntry, CurationEdit } from "../../../schemas/src/records";
import { stepScoresPathFor } from "../../../schemas/src/records";
import type { IndexProgress, RecordFilter } from "../../../schemas/src/webview-protocol";
import { AuditTrail, type EditProvenance } from "../curation/audit-trail";
import { CurationDocument, type SaveResult } from "../curation/curation-document";
import { PARALLEL_MIN } from "../data/label-stats";
import { LineIndex } from "../data/line-index";
import { parseRecord } from "../data/parse-record";
import { sameStamp, stampOf, StepScoreIndex } from "../data/step-score-index";
import type { ParallelFilter, RecordSource, SourceRecord } from "./curation-session";
import { JoinedLabels, labeledSiblingPattern } from "./joined-labels";
import { readBackupFrom, writeBackupTo } from "./backup-files";
import { fileLabelStats, workerThreads, type FileLabelStats } from "./file-label-stats";
import { fileRecordStats, type FileRecordStats } from "./file-record-stats";
import type { RecordRangeJob } from "./record-range";
import { parallelFilter, type IndexedLines } from "./record-range-parallel";
import { IndexLineRanges } from "./index-line-ranges";
import { ReviewedVerdicts } from "./reviewed-verdicts";

/** Settings a file's document reads each time it needs them, so a change applies at once. */
export interface CurationFileSettings {
  separator: () => string;
  keepLineLength: () => boolean;
}

/** How often an open file is checked for appended records besides its file watcher. */
const GROWTH_POLL_MS = 2000;

/**
 * One result file open in the curation editor: the line index (built in the background, so the
 * first records show at once), the pure document model holding edits, the step-score sidecar and
 * the audit trail. VS Code sees it as a CustomDocument; the provider routes undo, save, revert
 * and backup here.
 */
export class CurationEditorDocument implements vscode.CustomDocument, RecordSource {
  private readonly progressEmitter = new vscode.EventEmitter<IndexProgress>();
  readonly onDidIndex = this.progressEmitter.event;
  private readonly changedEmitter = new vscode.EventEmitter<number>();
  /** A line's content changed (edit, undo, redo); the number is the line. */
  readonly onDidChangeLine = this.changedEmitter.event;
  private readonly resetEmitter = new vscode.EventEmitter<void>();
  /** Everything may have changed (revert, save that re-indexed). */
  readonly onDidReset = this.resetEmitter.event;
  private ready: Promise<CurationDocument>;
  private verdicts = new ReviewedVerdicts([]);
  private scores: StepScoreIndex | undefined;
  private progress: IndexProgress = { recordCount: 0, bytesIndexed: 0, totalBytes: 0, done: false };
  private watcher: vscode.FileSystemWatcher | undefined;
  private scoresWatcher: vscode.FileSystemWatcher | undefined;
  private scoresRefresh: Promise<void> | undefined;
  private growthPoll: NodeJS.Timeout | undefined;
  private extending: Promise<void> | undefined;
  private extendAgain = false;
  /** A save replaces the file itself; the growth check must not take that for a rewrite. */
  private saving = false;
  private labels: JoinedLabels | undefined;
  private labelsWatcher: vscode.FileSystemWatcher | undefined;
  private labelsRefresh: Promise<void> | undefined;
  /**
   * Records are served while the file is indexed, before its step scores, audit verdicts and
   * joined labels are loaded: those records are shown again once they are.
   */
  private sidecarsLoaded = false;
  private servedBeforeSidecars = false;
  private disposed = false;

  private constructor(
    readonly uri: vscode.Uri,
    private index: LineIndex,
    private readonly settings: CurationFileSettings,
    backupId: string | undefined,
    private readonly statsWorker: string | undefined,
  ) {
    this.ready = this.load(backupId);
  }

  /** `statsWorker`: the Stats view's worker bundle (dist/stats-worker.js). */
  static async open(
    uri: vscode.Uri,
    settings: CurationFileSettings,
    backupId: string | undefined,
    statsWorker?: string,
  ): Promise<CurationEditorDocument> {
    const index = await LineIndex.open(uri.fsPath);
    return new CurationEditorDocument(uri, index, settings, backupId, statsWorker);
  }

  get count(): number {
    return this.index.lineCount;
  }

  get indexProgress(): IndexProgress {
    return this.progress;
  }

  /** Resolves once the whole file is indexed and the edit model is ready. */
  whenReady(): Promise<CurationDocument> {
    return this.ready;
  }

  async readLines(from: number, count: number): Promise<string[]> {
    const texts = await this.index.readLines(from, count);
    const model = this.modelIfReady;
    if (model) {
      for (const p of model.pendingEdits) {
        const i = p.edit.line - from;
        if (i >= 0 && i < texts.length)
          texts[i] = (await model.readLine(p.edit.line)).toString("utf8");
      }
    }
    return texts;
  }

  private separator(): string {
    return this.settings.separator();
  }

  parse(line: number, text: string) {
    return parseRecord(line, text, {
      separator: this.separator(),
      ...(this.scores ? { stepScores: this.scores } : {}),
    });
  }

  async readRecords(from: number, count: number): Promise<SourceRecord[]> {
    if (!this.sidecarsLoaded) this.servedBeforeSidecars = true;
    const texts = await this.readLines(from, count);
    const records: SourceRecord[] = [];
    for (const [i, raw] of texts.entries()) {
      const view = this.parse(from + i, raw);
      records.push({ raw, view: this.labels ? await this.labels.join(view) : view });
    }
    return records;
  }

  /**
   * The label figures of the whole file, its unsaved edits included; undefined while the file is
   * still indexed or saved, or when its labels come from another file (the session scans).
   */
  async fileLabelStats(signal: AbortSignal): Promise<FileLabelStats | undefined> {
    const model = this.modelIfReady;
    if (!model || this.labels || !this.progress.done || this.saving) return undefined;
    const onDisk: Buffer[] = [];
    const edited: Buffer[] = [];
    for (const line of model.editedLines) {
      onDisk.push(await this.index.readLineBytes(line));
      edited.push(await model.readLine(line));
    }
    return fileLabelStats(this.uri.fsPath, this.statsWorker, signal, { onDisk, edited });
  }

  /**
   * The Stats view's full figures on worker threads, for a file `onWorkers` takes; undefined
   * otherwise, and the session scans.
   */
  async recordStats(
    filter: RecordFilter,
    prmThreshold: number,
    signal: AbortSignal,
  ): Promise<FileRecordStats | undefined> {
    const job = this.onWorkers(filter, prmThreshold);
    if (!job || !this.statsWorker) return undefined;
    return fileRecordStats(job, this.indexedLines(), this.statsWorker, signal);
  }

  /**
   * Starts matching the record list's filter on worker threads over the later lines of a file
   * `onWorkers` takes, one share per thread; this thread's share, the lines before `from`, the
   * session scans itself, so the first matches show at once.
   */
  filterOnWorkers(
    filter: RecordFilter,
    prmThreshold: number,
    signal: AbortSignal,
  ): ParallelFilter | undefined {
    const job = this.onWorkers(filter, prmThreshold);
    if (!job || !this.statsWorker) return undefined;
    return parallelFilter(job, this.indexedLines(), workerThreads(), this.statsWorker, signal);
  }

  /** The indexed lines as worker passes split them (the index, not a copy of it). */
  private indexedLines(): IndexedLines {
    const index = this.index;
    return { count: index.lineCount, span: (i: number) => index.span(i) };
  }

  /**
   * The whole file as a job for worker threads, when they would read what the editor shows: the
   * file fully indexed and of at least PARALLEL_MIN bytes, its labels its own. Lines with unsaved
   * edits are left to the session, which reads them with the edits.
   */
  private onWorkers(filter: RecordFilter, prmThreshold: number): RecordRangeJob | undefined {
    const model = this.modelIfReady;
    const count = this.index.lineCount;
    // While a save replaces the file, its bytes on disk are not where the index says.
    if (!model || this.labels || !this.progress.done || this.saving || count === 0)
      return undefined;
    const start = this.index.span(0).start;
    const end = this.index.span(count - 1).end + 1;
    if (end - start < PARALLEL_MIN) return undefined;
    const pending = model.pendingEdits;
    return {
      path: this.uri.fsPath,
      start,
      end,
      firstLine: 0,
      separator: this.separator(),
      stepScores: this.scores?.stamp
        ? { path: stepScoresPathFor(this.uri.fsPath), stamp: this.scores.stamp }
        : null,
      filter,
      prmThreshold,
      reviewed: this.verdicts.queries(pending).map((q) => [q, this.verdicts.get(q, pending)]),
      skipLines: model.editedLines,
    };
  }

  reviewed(query: string) {
    return this.verdicts.get(query, this.modelIfReady?.pendingEdits ?? []);
  }

  async auditFor(line: number): Promise<AuditEntry[]> {
    const [text] = await this.readLines(line, 1);
    const query = text === undefined ? null : this.parse(line, text).query;
    return query ? new AuditTrail(this.uri.fsPath).entriesFor(query, line) : [];
  }

  /** Applies an edit; returns it as applied (for redo) and its inverse (for undo). */
  async apply(
    edit: CurationEdit,
    provenance: EditProvenance,
  ): Promise<{ edit: CurationEdit; inverse: CurationEdit }> {
    const model = await this.ready;
    const applied = await model.applyEdit(edit, provenance);
    this.changedEmitter.fire(edit.line);
    return { edit: applied.edit, inverse: applied.inverse };
  }

  async save(target?: vscode.Uri): Promise<SaveResult> {
    this.saving = true;
    try {
      return await this.saveNow(target);
    } finally {
      this.saving = false;
    }
  }

  private async saveNow(target?: vscode.Uri): Promise<SaveResult> {
    const model = await this.ready;
    const pending = [...model.pendingEdits];
    const result = target ? await model.saveAs(target.fsPath) : await model.save();
    if (result.kind === "saved" && !target) {
      this.verdicts.addSaved(
        pending.map((p) => ({
          time: p.time,
          ...p.provenance,
          query: p.query ?? "",
          line: p.edit.line,
          edit: p.edit,
          before: p.before,
        })),
      );
      // The save replaced the file (atomic rename) with bytes it wrote itself: shift the index
      // onto the new file rather than read gigabytes again. Nothing is pending now, so resetting
      // the model onto the new index drops nothing.
      await this.rebaseIndex(result.lineDeltas);
    }
    return result;
  }

  async revert(): Promise<void> {
    await this.reindex();
  }

  async backup(destination: vscode.Uri): Promise<vscode.CustomDocumentBackup> {
    const model = await this.ready;
    await writeBackupTo(destination, (path) => model.backup(path));
    return {
      id: destination.toString(),
      delete: () => void vscode.workspace.fs.delete(destination).then(undefined, () => undefined),
    };
  }

  dispose(): void {
    this.disposed = true;
    this.watcher?.dispose();
    this.scoresWatcher?.dispose();
    this.labelsWatcher?.dispose();
    clearInterval(this.growthPoll);
    this.progressEmitter.dispose();
    this.changedEmitter.dispose();
    this.resetEmitter.dispose();
    void this.index.close();
    void this.labels?.close();
    void this.modelCache?.close().catch(() => undefined);
  }

  private modelCache: CurationDocument | undefined;
  private get modelIfReady(): CurationDocument | undefined {
    return this.modelCache;
  }

  private async load(backupId: string | undefined): Promise<CurationDocument> {
    await this.buildIndex();
    await this.loadSidecars();
    this.sidecarsLoaded = true;
    const options = {
      path: this.uri.fsPath,
      lines: new IndexLineRanges(this.index),
      separator: (query: string | null, solutionId: number) =>
        (query === null ? undefined : this.scores?.get(query, solutionId)?.separator) ??
        this.separator(),
      keepLineLength: this.settings.keepLineLength,
    };
    const restored = backupId
      ? await readBackupFrom(backupId, (path) => CurationDocument.restoreFromBackup(path, options))
      : undefined;
    const model = restored?.document ?? (await CurationDocument.open(options));
    this.modelCache = model;
    this.watchForGrowth();
    const sidecarsShowSomething =
      this.scores !== undefined ||
      this.labels !== undefined ||
      this.verdicts.queries([]).length > 0;
    if (this.servedBeforeSidecars && sidecarsShowSomething) this.resetEmitter.fire();
    return model;
  }

  private async buildIndex(): Promise<void> {
    await this.index.build({
      onProgress: (p) =>
        this.report({
          recordCount: p.lines,
          bytesIndexed: p.bytesDone,
          totalBytes: p.totalBytes,
          done: false,
        }),
    });
    this.report({
      recordCount: this.index.lineCount,
      bytesIndexed: this.index.indexedBytes,
      totalBytes: this.index.fileBytes,
      done: true,
    });
  }

  private async loadSidecars(): Promise<void> {
    this.scores = await this.loadScores();
    this.verdicts = new ReviewedVerdicts(
      await new AuditTrail(this.uri.fsPath).all().catch(() => []),
    );
    await this.labels?.close();
    this.labels = await JoinedLabels.forInference(this.uri.fsPath).catch(() => undefined);
  }

  private async loadScores(): Promise<StepScoreIndex | undefined> {
    const sidecar = stepScoresPathFor(this.uri.fsPath);
    return existsSync(sidecar) ? await StepScoreIndex.load(sidecar) : undefined;
  }

  /**
   * A PRM scoring run wrote the step-score sidecar (or it was removed) since it was loaded: load
   * it again and show the records with the new scores. One reload at a time; a change that comes
   * during one is caught by the next check (the watcher or the poll).
   */
  private refreshScores(): Promise<void> {
    this.scoresRefresh ??= (async () => {
      const now = await stampOf(stepScoresPathFor(this.uri.fsPath));
      if (sameStamp(now, this.scores?.stamp) || !this.modelCache) return;
      // A read that fails (the file replaced mid-read) keeps the scores shown; the stamps still
      // differ, so the next check tries again.
      const scores = await this.loadScores().catch(() => null);
      if (scores === null) return;
      this.scores = scores;
      this.resetEmitter.fire();
    })().finally(() => (this.scoresRefresh = undefined));
    return this.scoresRefresh;
  }

  /**
   * The labeled file of the same run appeared, grew (a labeling run still writing it), or was
   * replaced or removed since it was joined: join it again and show the records with its verdicts.
   */
  private refreshLabels(): Promise<void> {
    this.labelsRefresh ??= (async () => {
      if (!this.modelCache) return;
      const current = this.labels;
      const status = current
        ? await current.extend().catch(() => "rewritten" as const)
        : "rewritten";
      if (status === "unchanged") return;
      if (status === "rewritten") {
        const next = await JoinedLabels.forInference(this.uri.fsPath).catch(() => undefined);
        // Closed meanwhile, or a revert loaded the sidecars again: what stands is not ours to set.
        if (this.disposed || this.labels !== current) return void next?.close();
        if (!current && !next) return;
        this.labels = next;
        void current?.close().catch(() => undefined);
      }
      this.resetEmitter.fire();
    })().finally(() => (this.labelsRefresh = undefined));
    return this.labelsRefresh;
  }

  private report(progress: IndexProgress): void {
    this.progress = progress;
    this.progressEmitter.fire(progress);
  }

  /** A job still writing the file: index what it appends and show the new records. */
  private watchForGrowth(): void {
    if (this.watcher) return;
    const folder = vscode.Uri.joinPath(this.uri, "..");
    const name = this.uri.path.split("/").pop() ?? "";
    this.watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(folder, name),
      true,
      false,
      true,
    );
    this.watcher.onDidChange(() => void this.extendIndex());
    /** A watcher of the files beside this one named by `glob`, however they change. */
    const watchBeside = (glob: string, changed: () => void) => {
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, glob));
      w.onDidCreate(changed);
      w.onDidChange(changed);
      w.onDidDelete(changed);
      return w;
    };
    const sidecar = stepScoresPathFor(this.uri.fsPath).split("/").pop() ?? "";
    this.scoresWatcher = watchBeside(sidecar, () => void this.refreshScores());
    const labeled = labeledSiblingPattern(name);
    if (labeled) this.labelsWatcher = watchBeside(labeled, () => void this.refreshLabels());
    // Watchers miss events (a folder created just before the file, network filesystems): a
    // stat now and then catches what they miss; extend() reads nothing when the size is the same.
    this.growthPoll = setInterval(() => {
      void this.extendIndex();
      void this.refreshScores();
      if (labeled) void this.refreshLabels();
    }, GROWTH_POLL_MS);
  }

  /**
   * One index pass at a time: a change event that comes while a pass runs (a job appending
   * faster than a pass reads) is not dropped but runs one more pass after it.
   */
  private extendIndex(): Promise<void> {
    if (this.extending) {
      this.extendAgain = true;
      return this.extending;
    }
    this.extending = (async () => {
      do {
        this.extendAgain = false;
        await this.extendOnce();
      } while (this.extendAgain);
    })().finally(() => (this.extending = undefined));
    return this.extending;
  }

  private async extendOnce(): Promise<void> {
    // A save or revert may swap (and close) the index under a pass started by the watcher: that
    // pass is moot, the new index is extended on its own.
    const index = this.index;
    const result = await index.extend().catch(() => ({ status: "unchanged" as const }));
    if (index !== this.index || this.saving) return;
    if (result.status === "rewritten" && this.modelCache && !this.modelCache.isDirty) {
      // Replaced or rewritten on disk (a rerun, a sync, another tool) with nothing unsaved here:
      // show the file as it is now, as a text editor reloads. Unsaved edits are never dropped:
      // then the next save notices the change and asks.
      await this.reindex();
      return;
    }
    if (result.status === "appended") {
      this.report({
        recordCount: this.index.lineCount,
        bytesIndexed: this.index.indexedBytes,
        totalBytes: this.index.fileBytes,
        done: true,
      });
    }
  }

  private async rebaseIndex(deltas: ReadonlyMap<number, number>): Promise<void> {
    const old = this.index;
    const next = await old.afterSave(deltas).catch(() => undefined);
    // The old index was mid-pass (a job appending during the save): read the new file instead.
    if (!next) return this.reindex();
    this.index = next;
    // The old index holds the last handle on the replaced file: closing it frees a whole file's
    // blocks, cleanup the new index does not depend on, so the save does not wait for it.
    void old.close().catch(() => undefined);
    await this.modelCache?.revert(new IndexLineRanges(this.index), true);
    this.report({
      recordCount: this.index.lineCount,
      bytesIndexed: this.index.indexedBytes,
      totalBytes: this.index.fileBytes,
      done: true,
    });
    this.resetEmitter.fire();
    // Lines a job appended while the save copied them are in the new file: index them.
    void this.extendIndex();
  }

  private async reindex(): Promise<void> {
    const old = this.index;
    this.index = await LineIndex.open(this.uri.fsPath);
    await old.close();
    await this.buildIndex();
    await this.loadSidecars();
    await this.modelCache?.revert(new IndexLineRanges(this.index));
    this.resetEmitter.fire();
  }
}
