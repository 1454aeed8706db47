import type { CurationEdit, RecordView } from "../../../schemas/src/records";
import {
  EMPTY_FILTER,
  type CurationSettings,
  type FromWebview,
  type IndexProgress,
  type RecordFilter,
  type RecordSummary,
  type ToWebview,
} from "../../../schemas/src/webview-protocol";
import { editReason } from "../curation/edit-reason";
import { CurationStats, mergeStatsPayloads, type ReviewedVerdict } from "./curation-stats";
import { labelFiguresPayload, type FileLabelStats } from "./file-label-stats";
import type { FileRecordStats } from "./file-record-stats";
import { matchesFilter, needsLabels, summarize } from "./record-summary";

/** One line as the session sees it: its current text (edits applied) and its view. */
export interface SourceRecord {
  readonly raw: string;
  readonly view: RecordView;
}

/** The file's records, whatever holds them. */
export interface RecordSource {
  readonly count: number;
  readRecords(from: number, count: number): Promise<SourceRecord[]>;
  /** Judge vs human verdicts recorded for a query (audit trail and unsaved edits). */
  reviewed(query: string): readonly ReviewedVerdict[];
  /**
   * The whole file's label figures by the fast streaming count, or undefined when they would not
   * be what the records show (unsaved edits, labels joined from another file, still indexing).
   */
  fileLabelStats?(signal: AbortSignal): Promise<FileLabelStats | undefined>;
  /**
   * The Stats view's full figures for a filter by a faster way than the session's scan (worker
   * threads), or undefined when there is none for the file as it stands.
   */
  recordStats?(
    filter: RecordFilter,
    prmThreshold: number,
    signal: AbortSignal,
  ): Promise<FileRecordStats | undefined>;
  /**
   * Starts matching a filter on worker threads over some later lines, or undefined when it
   * cannot; the session matches the other lines itself.
   */
  filterOnWorkers?(
    filter: RecordFilter,
    prmThreshold: number,
    signal: AbortSignal,
  ): ParallelFilter | undefined;
}

/**
 * Matching begun on worker threads by the source: the lines [from, to) are theirs, but for
 * `skipped` (edited lines, whose bytes on disk are stale), which the session matches itself.
 */
export interface ParallelFilter {
  readonly from: number;
  readonly to: number;
  readonly skipped: readonly number[];
  readonly matches: Promise<{ lines: number[]; threads: number; ms: number }>;
}

/** What the session asks of its editor: apply an edit as an undoable document edit, etc. */
export interface SessionActions {
  /** `reason`: what the person typed as the reason, cleaned (editReason); absent if nothing. */
  applyEdit(edit: CurationEdit, reason: string | undefined): Promise<void>;
  undo(): Promise<void>;
  redo(): Promise<void>;
  audit(line: number): Promise<ToWebview & { type: "audit" }>;
  openExport(): void;
  openRaw(line: number): void;
  openLink(url: string): void;
  log(level: "info" | "warn" | "error", message: string): void;
}

/** Lines read per chunk when scanning the file for a filter, stats or "next unlabeled". */
const SCAN_CHUNK = 2000;

/** Positions of a filter's result set; the empty filter is every line, in order. */
/** What a scan calls for each record it reads. */
type Visit = (record: RecordView, summary: RecordSummary, raw: string) => void;

/** A scan's visitor that appends the lines of the records matching `filter` to `lines`. */
function matchInto(lines: number[], filter: RecordFilter, threshold: number): Visit {
  return (record, summary, raw) => {
    if (matchesFilter(record, summary, filter, threshold, raw)) lines.push(record.line);
  };
}

interface ResultSet {
  readonly id: number;
  readonly filter: RecordFilter;
  readonly lines: number[] | null;
  complete: boolean;
  readonly abort: AbortController;
  /** A filter's: the lines scanned so far are [0, scanned); lines appended later are scanned next. */
  scanned: number;
  /** A filter's: the scan of appended lines running now (one at a time). */
  growing?: Promise<void>;
}

/**
 * The host side of one curation webview: answers its messages from a RecordSource. Pure of
 * `vscode` so it is tested on in-memory files; the custom editor provider wires it to a webview.
 */
export class CurationSession {
  private result: ResultSet = {
    id: 0,
    filter: EMPTY_FILTER,
    lines: null,
    complete: true,
    abort: new AbortController(),
    scanned: 0,
  };
  /** The Stats view shows the latest request only: a new one ends the one before. */
  private statsAbort = new AbortController();
  /** Settles once the edits the webview has sent so far are applied (or refused). */
  private applying: Promise<void> = Promise.resolve();

  constructor(
    private readonly source: RecordSource,
    private readonly actions: SessionActions,
    private readonly post: (message: ToWebview) => void,
    private readonly settings: () => CurationSettings,
  ) {}

  async handle(message: FromWebview): Promise<void> {
    switch (message.type) {
      case "ready":
        return; // The editor sends init and progress: it knows the file and the index.
      case "query":
        return this.query(message.queryId, message.filter);
      case "requestPage":
        return this.page(message.queryId, message.start, message.count);
      case "requestRecord":
        return this.sendRecord(message.line);
      case "findNext":
        return this.findNext(message.requestId, message.queryId, message.from, message.direction);
      case "applyEdit":
        try {
          const applying = this.actions.applyEdit(message.edit, editReason(message.reason));
          const settled = applying.catch(() => undefined);
          this.applying = this.applying.then(() => settled);
          await applying;
          this.post({ type: "editApplied", editId: message.editId, edit: message.edit });
          await this.refresh(message.edit.line);
        } catch (err) {
          this.post({
            type: "editRejected",
            editId: message.editId,
            reason: err instanceof Error ? err.message : String(err),
          });
        }
        return;
      case "undo":
        return this.actions.undo();
      case "redo":
        return this.actions.redo();
      case "requestStats":
        return this.stats(message.requestId, message.filter);
      case "requestAudit":
        return this.post(await this.actions.audit(message.line));
      case "openExport":
        return this.actions.openExport();
      case "openRaw":
        return this.actions.openRaw(message.line);
      case "openLink":
        return this.actions.openLink(message.url);
      case "log":
        return this.actions.log(message.level, message.message);
    }
  }

  /**
   * The record with the judge's verdict beside each solution a person overruled. Corrections are
   * kept by query, AgentArk's key; a record that repeats a query gets the note only where its
   * own verdict is the person's.
   */
  private withJudgeVerdicts(view: RecordView): RecordView {
    const overruled = new Map<number, boolean>();
    for (const r of this.source.reviewed(view.query))
      if (r.judge !== r.human) overruled.set(r.solutionId, r.human);
    if (overruled.size === 0) return view;
    return {
      ...view,
      solutions: view.solutions.map((s) =>
        overruled.has(s.id) && overruled.get(s.id) === s.isCorrect
          ? { ...s, judgeVerdict: !s.isCorrect }
          : s,
      ),
    };
  }

  /** Re-sends a line's record and summary (after an edit, an undo, a redo or a revert). */
  async refresh(line: number): Promise<void> {
    const [record] = await this.records(line, 1);
    if (!record) return;
    this.post({ type: "record", record: this.withJudgeVerdicts(record.view) });
    this.post({ type: "summaries", items: [record.summary] });
  }

  /**
   * Called as the index grows: the empty filter's result set grows with it, and a finished
   * filter's result set takes the matching lines a running job appended.
   */
  indexGrew(progress: IndexProgress): Promise<void> {
    this.post({ type: "indexProgress", index: progress });
    const result = this.result;
    if (result.lines === null) {
      this.post({
        type: "queryResult",
        queryId: result.id,
        total: this.source.count,
        complete: progress.done,
      });
      return Promise.resolve();
    }
    if (!result.complete) return Promise.resolve(); // its scan reads to the end as it grows
    result.growing = (result.growing ?? Promise.resolve()).then(() => this.scanGrown(result));
    return result.growing;
  }

  private async scanGrown(result: ResultSet): Promise<void> {
    const { signal } = result.abort;
    const lines = result.lines!;
    const before = lines.length;
    result.scanned = await this.scan(
      signal,
      matchInto(lines, result.filter, this.settings().prmThreshold),
      () => undefined,
      result.scanned,
    );
    if (!signal.aborted && lines.length > before)
      this.post({ type: "queryResult", queryId: result.id, total: lines.length, complete: true });
  }

  dispose(): void {
    this.result.abort.abort();
    this.statsAbort.abort();
  }

  private async query(queryId: number, filter: RecordFilter): Promise<void> {
    this.result.abort.abort();
    const empty = isEmpty(filter);
    const result: ResultSet = {
      id: queryId,
      filter,
      lines: empty ? null : [],
      complete: empty,
      abort: new AbortController(),
      scanned: 0,
    };
    this.result = result;
    if (empty) {
      this.post({ type: "queryResult", queryId, total: this.source.count, complete: true });
      return;
    }
    const threshold = this.settings().prmThreshold;
    const { signal } = result.abort;
    const lines = result.lines!;
    const visit = matchInto(lines, filter, threshold);
    const progress = () =>
      this.post({ type: "queryResult", queryId, total: lines.length, complete: false });
    const parallel = this.source.filterOnWorkers?.(filter, threshold, signal);
    result.scanned = parallel
      ? await this.scanAlongside(parallel, signal, visit, progress, lines)
      : await this.scan(signal, visit, progress);
    if (signal.aborted) return;
    result.complete = true;
    this.post({ type: "queryResult", queryId, total: lines.length, complete: true });
  }

  /**
   * Scans this thread's share while the source's worker threads match theirs, then adds their
   * lines and the edited lines among them (which `visit` matches here) to `lines`, in order; when
   * the workers fail, scans their share here.
   */
  private async scanAlongside(
    parallel: ParallelFilter,
    signal: AbortSignal,
    visit: Visit,
    progress: () => void,
    lines: number[],
  ): Promise<number> {
    // Handled at once: the workers may fail while this thread is still scanning its share.
    const matches = parallel.matches.catch((err: unknown) =>
      err instanceof Error ? err : new Error(String(err)),
    );
    await this.scan(signal, visit, progress, 0, parallel.from);
    const rest = await matches;
    if (signal.aborted) return parallel.from;
    if (rest instanceof Error) {
      this.actions.log(
        "warn",
        `filtering on worker threads failed, scanning here: ${rest.message}`,
      );
      return this.scan(signal, visit, progress, parallel.from);
    }
    this.actions.log(
      "info",
      `filtered lines ${parallel.from + 1}-${parallel.to} on ${rest.threads} worker ` +
        `thread${rest.threads > 1 ? "s" : ""} in ${Math.round(rest.ms)} ms`,
    );
    for (const line of rest.lines) lines.push(line);
    await this.scanLines(parallel.skipped, signal, visit);
    // This thread's matches come before every later one; the edited lines go among the workers'.
    if (parallel.skipped.length) lines.sort((a, b) => a - b);
    progress();
    // Lines a running job appended since the workers began.
    return this.scan(signal, visit, progress, parallel.to);
  }

  private async page(queryId: number, start: number, count: number): Promise<void> {
    if (queryId !== this.result.id) return;
    const lines = this.result.lines;
    if (lines === null) {
      const items = (await this.records(start, count)).map((r) => r.summary);
      this.post({ type: "page", queryId, start, items });
      return;
    }
    const items: RecordSummary[] = [];
    for (const line of lines.slice(start, start + count)) {
      const [record] = await this.records(line, 1);
      if (record) items.push(record.summary);
    }
    this.post({ type: "page", queryId, start, items });
  }

  private async sendRecord(line: number): Promise<void> {
    const [record] = await this.records(line, 1);
    if (record) this.post({ type: "record", record: this.withJudgeVerdicts(record.view) });
    else this.post({ type: "error", message: `Line ${line + 1} is not in the file (yet).` });
  }

  private async findNext(
    requestId: number,
    queryId: number,
    from: number,
    direction: 1 | -1,
  ): Promise<void> {
    if (queryId !== this.result.id) return;
    const lines = this.result.lines;
    const size = lines === null ? this.source.count : lines.length;
    for (let pos = from + direction; pos >= 0 && pos < size;) {
      const chunkStart = direction === 1 ? pos : Math.max(0, pos - SCAN_CHUNK + 1);
      const chunkEnd = direction === 1 ? Math.min(size, pos + SCAN_CHUNK) : pos + 1;
      const summaries = await this.summariesAt(lines, chunkStart, chunkEnd);
      const order = direction === 1 ? summaries : [...summaries].reverse();
      const hit = order.find((s) => needsLabels(s.summary));
      if (hit) return this.post({ type: "found", requestId, position: hit.position });
      pos = direction === 1 ? chunkEnd : chunkStart - 1;
    }
    this.post({ type: "found", requestId, position: null });
  }

  private async stats(requestId: number, filter: RecordFilter): Promise<void> {
    this.statsAbort.abort();
    const abort = new AbortController();
    this.statsAbort = abort;
    // The webview shows an edit at once and asks for Stats right after: count it.
    await this.applying;
    if (abort.signal.aborted) return;
    const stats = new CurationStats();
    const threshold = this.settings().prmThreshold;
    // With the whole file's label figures shown, partial figures of the scan would only replace
    // them with smaller ones: the scan then reports when it is done.
    const shown = isEmpty(filter) && (await this.labelFigures(requestId, abort.signal));
    if (await this.recordFigures(requestId, filter, threshold, abort.signal)) return;
    await this.scan(
      abort.signal,
      this.countInto(stats, filter, threshold),
      () => shown || this.post({ type: "stats", requestId, stats: stats.result(false) }),
    );
    if (!abort.signal.aborted) this.post({ type: "stats", requestId, stats: stats.result(true) });
  }

  /** The full figures from the source's faster way, when it has one; false to scan instead. */
  private async recordFigures(
    requestId: number,
    filter: RecordFilter,
    threshold: number,
    signal: AbortSignal,
  ): Promise<boolean> {
    try {
      const fast = await this.source.recordStats?.(filter, threshold, signal);
      if (!fast) return false;
      const edited = new CurationStats();
      await this.scanLines(fast.skipped, signal, this.countInto(edited, filter, threshold));
      const stats = mergeStatsPayloads([fast.stats, edited.result(true)]);
      this.actions.log(
        "info",
        `record statistics of ${stats.records} records on ${fast.threads} worker ` +
          `thread${fast.threads > 1 ? "s" : ""} in ${Math.round(fast.ms)} ms`,
      );
      if (!signal.aborted) this.post({ type: "stats", requestId, stats });
      return true;
    } catch (err) {
      if (signal.aborted) return true;
      this.actions.log(
        "warn",
        `record statistics on worker threads failed, scanning here: ${err instanceof Error ? err.message : String(err)}`,
      );
      return false;
    }
  }

  /**
   * Label figures first, from the fast count (worker threads on a large file): the record scan
   * that adds steps, PRM scores and answer changes parses every record in full and takes longer.
   */
  private async labelFigures(requestId: number, signal: AbortSignal): Promise<boolean> {
    try {
      const fast = await this.source.fileLabelStats?.(signal);
      if (!fast) return false;
      const how = fast.threads > 1 ? `${fast.threads} threads` : "this thread";
      this.actions.log(
        "info",
        `label statistics of ${fast.stats.lines} lines on ${how} in ${Math.round(fast.ms)} ms` +
          (fast.editedLines ? `, ${fast.editedLines} of them with unsaved edits` : "") +
          (fast.fallback ? ` (worker threads failed: ${fast.fallback})` : ""),
      );
      this.post({ type: "stats", requestId, stats: labelFiguresPayload(fast.stats) });
      return true;
    } catch (err) {
      if (signal.aborted) return false;
      this.actions.log(
        "warn",
        `label statistics: ${err instanceof Error ? err.message : String(err)}`,
      );
      return false;
    }
  }

  private async summariesAt(lines: number[] | null, start: number, end: number) {
    if (lines === null)
      return (await this.records(start, end - start)).map((r, i) => ({
        position: start + i,
        summary: r.summary,
      }));
    const out: { position: number; summary: RecordSummary }[] = [];
    for (let p = start; p < end; p++) {
      const [record] = await this.records(lines[p]!, 1);
      if (record) out.push({ position: p, summary: record.summary });
    }
    return out;
  }

  /**
   * Reads and parses the lines from `from` to `to` (to the end, as it grows, when not given) in
   * chunks, calling `visit` for each; `progress` after each chunk. Returns where it stopped.
   */
  private async scan(
    signal: AbortSignal,
    visit: Visit,
    progress: () => void,
    from = 0,
    to?: number,
  ): Promise<number> {
    let at = from;
    while (at < (to ?? this.source.count) && !signal.aborted) {
      const count = Math.min(SCAN_CHUNK, (to ?? this.source.count) - at);
      for (const { raw, view } of await this.source.readRecords(at, count)) {
        visit(view, this.summaryOf(view), raw);
      }
      at += count;
      progress();
    }
    return at;
  }

  /** A scan's visitor that adds the records matching `filter` to `stats`. */
  private countInto(stats: CurationStats, filter: RecordFilter, threshold: number): Visit {
    return (record, summary, raw) => {
      if (matchesFilter(record, summary, filter, threshold, raw))
        stats.add(record, this.source.reviewed(record.query));
    };
  }

  /** Reads and parses the given lines (with their edits), calling `visit` for each. */
  private async scanLines(
    lines: readonly number[],
    signal: AbortSignal,
    visit: Visit,
  ): Promise<void> {
    for (const line of lines) {
      if (signal.aborted) return;
      const [record] = await this.source.readRecords(line, 1);
      if (record) visit(record.view, this.summaryOf(record.view), record.raw);
    }
  }

  private async records(
    from: number,
    count: number,
  ): Promise<{ view: RecordView; summary: RecordSummary }[]> {
    const records = await this.source.readRecords(from, count);
    return records.map(({ view }) => ({ view, summary: this.summaryOf(view) }));
  }

  private summaryOf(view: RecordView): RecordSummary {
    const reviewed = view.query ? this.source.reviewed(view.query) : [];
    return summarize(
      view,
      reviewed.some((r) => r.judge !== r.human),
    );
  }
}

function isEmpty(filter: RecordFilter): boolean {
  return (
    filter.verdict === "any" &&
    !filter.errorsOnly &&
    !filter.disagreeOnly &&
    !filter.lowPrm &&
    filter.agent === null &&
    filter.solutionId === null &&
    filter.text === ""
  );
}
