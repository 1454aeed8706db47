import { existsSync } from "node:fs";
import * as vscode from "vscode";
import type { AuditEntry, CurationEdit } from "../../../schemas/src/records";
import { stepScoresPathFor } from "../../../schemas/src/records";
import type { IndexProgress } from "../../../schemas/src/webview-protocol";
import { AuditTrail, type EditProvenance } from "../curation/audit-trail";
import { CurationDocument, type SaveResult } from "../curation/curation-document";
import { LineIndex } from "../data/line-index";
import { parseRecord } from "../data/parse-record";
import { StepScoreIndex } from "../data/step-score-index";
import type { RecordSource, SourceRecord } from "./curation-session";
import { JoinedLabels } from "./joined-labels";
import { readBackupFrom, writeBackupTo } from "./backup-files";
import { IndexLineRanges } from "./index-line-ranges";
import { ReviewedVerdicts } from "./reviewed-verdicts";

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
  private labels: JoinedLabels | undefined;

  private constructor(
    readonly uri: vscode.Uri,
    private index: LineIndex,
    private readonly separator: () => string,
    backupId: string | undefined,
  ) {
    this.ready = this.load(backupId);
  }

  static async open(
    uri: vscode.Uri,
    separator: () => string,
    backupId: string | undefined,
  ): Promise<CurationEditorDocument> {
    const index = await LineIndex.open(uri.fsPath);
    return new CurationEditorDocument(uri, index, separator, backupId);
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

  parse(line: number, text: string) {
    return parseRecord(line, text, {
      separator: this.separator(),
      ...(this.scores ? { stepScores: this.scores } : {}),
    });
  }

  async readRecords(from: number, count: number): Promise<SourceRecord[]> {
    const texts = await this.readLines(from, count);
    const records: SourceRecord[] = [];
    for (const [i, raw] of texts.entries()) {
      const view = this.parse(from + i, raw);
      records.push({ raw, view: this.labels ? await this.labels.join(view) : view });
    }
    return records;
  }

  reviewed(query: string) {
    return this.verdicts.get(query, this.modelIfReady?.pendingEdits ?? []);
  }

  async auditFor(line: number): Promise<AuditEntry[]> {
    const [text] = await this.readLines(line, 1);
    const query = text === undefined ? null : this.parse(line, text).query;
    return query ? new AuditTrail(this.uri.fsPath).entriesFor(query) : [];
  }

  /** Applies an edit; returns the inverse, for VS Code's undo. */
  async apply(edit: CurationEdit, provenance: EditProvenance): Promise<CurationEdit> {
    const model = await this.ready;
    const applied = await model.applyEdit(edit, provenance);
    this.changedEmitter.fire(edit.line);
    return applied.inverse;
  }

  async save(target?: vscode.Uri): Promise<SaveResult> {
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
      // The save replaced the file (atomic rename): index the new file. Nothing is pending now, so
      // resetting the model onto the new index drops nothing.
      await this.reindex();
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
    this.watcher?.dispose();
    this.progressEmitter.dispose();
    this.changedEmitter.dispose();
    this.resetEmitter.dispose();
    void this.index.close();
    void this.labels?.close();
  }

  private modelCache: CurationDocument | undefined;
  private get modelIfReady(): CurationDocument | undefined {
    return this.modelCache;
  }

  private async load(backupId: string | undefined): Promise<CurationDocument> {
    await this.buildIndex();
    await this.loadSidecars();
    const options = { path: this.uri.fsPath, lines: new IndexLineRanges(this.index) };
    const restored = backupId
      ? await readBackupFrom(backupId, (path) => CurationDocument.restoreFromBackup(path, options))
      : undefined;
    const model = restored?.document ?? (await CurationDocument.open(options));
    this.modelCache = model;
    this.watchForGrowth();
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
    const sidecar = stepScoresPathFor(this.uri.fsPath);
    this.scores = existsSync(sidecar) ? await StepScoreIndex.load(sidecar) : undefined;
    this.verdicts = new ReviewedVerdicts(
      await new AuditTrail(this.uri.fsPath).all().catch(() => []),
    );
    await this.labels?.close();
    this.labels = await JoinedLabels.forInference(this.uri.fsPath).catch(() => undefined);
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
  }

  private async extendIndex(): Promise<void> {
    const result = await this.index.extend();
    if (result.status === "appended") {
      this.report({
        recordCount: this.index.lineCount,
        bytesIndexed: this.index.indexedBytes,
        totalBytes: this.index.fileBytes,
        done: true,
      });
    }
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
