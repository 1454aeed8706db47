import type { AuditEntry, CurationEdit, RecordView } from "../../../schemas/src/records";
import {
  type CurationSettings,
  type FromWebview,
  type RecordFilter,
  type RecordSummary,
  type StatsPayload,
  type ToWebview,
} from "../../../schemas/src/webview-protocol";
import { applyEditToRecord } from "../state/record-edits";
import {
  isEmptyFilter,
  matchesRecordFilter,
  needsLabels,
  summarizeRecord,
} from "../state/record-summary";
import { histogram } from "../state/stats-math";
import type { HostApi, PersistedState } from "./host-api";
import { makeRecord, makeXssRecord, type RecordShape } from "./fake-records";

export interface FakeHostOptions {
  count: number;
  shape: RecordShape;
  /** Lines whose record is the XSS corpus. */
  xssLines?: readonly number[];
  settings?: Partial<CurationSettings>;
  fileName?: string;
  /**
   * Answer a stats request as the editor does for a large file: the label figures first, the
   * rest held until releaseStats().
   */
  labelFiguresFirst?: boolean;
}

/**
 * An in-memory host that answers the protocol the way the curation editor does, for the
 * browser dev page, e2e tests and benchmarks. Records are generated on demand; edits are an
 * overlay with an undo stack. Every message it receives is kept in `received` for tests.
 */
export class FakeHost implements HostApi {
  readonly received: FromWebview[] = [];
  private readonly listeners = new Set<(m: ToWebview) => void>();
  private readonly edited = new Map<number, RecordView>();
  private readonly original = new Map<number, RecordView>();
  private readonly undoStack: { edit: CurationEdit; before: RecordView }[] = [];
  private readonly redoStack: CurationEdit[] = [];
  private readonly audit: AuditEntry[] = [];
  private settings: CurationSettings;
  private state: PersistedState | undefined;
  /** Result positions → lines for the current non-empty filter; null = identity. */
  private positions: number[] | null = null;
  private queryId = 0;
  private heldStats: (() => void) | undefined;
  private heldReplies: (() => void)[] | undefined;

  constructor(private readonly options: FakeHostOptions) {
    this.settings = { stepSeparator: "\n\n", prmThreshold: 0, author: "you", ...options.settings };
  }

  /** A settings change, as VS Code's would reach the webview (tests). */
  changeSettings(change: Partial<CurationSettings>): void {
    this.settings = { ...this.settings, ...change };
    this.send({ type: "settings", settings: this.settings });
  }

  /** Sends the stats held back by `labelFiguresFirst`. */
  releaseStats(): void {
    const send = this.heldStats;
    this.heldStats = undefined;
    send?.();
  }

  /** Holds record and edit replies until `releaseReplies` (tests: a reply still on its way). */
  holdReplies(): void {
    this.heldReplies ??= [];
  }

  releaseReplies(): void {
    const held = this.heldReplies ?? [];
    this.heldReplies = undefined;
    for (const send of held) send();
  }

  /** Sends `init` again, as the extension does after a revert or a replacement on disk. */
  resendInit(): void {
    this.send(this.initMessage());
  }

  private initMessage(): ToWebview {
    return {
      type: "init",
      fileName: this.options.fileName ?? "results/llm_debate_math500.jsonl",
      settings: this.settings,
      index: {
        recordCount: this.options.count,
        bytesIndexed: this.options.count * 4096,
        totalBytes: this.options.count * 4096,
        done: true,
      },
      readOnly: false,
    };
  }

  post(message: FromWebview): void {
    this.received.push(message);
    // Answer asynchronously, as postMessage does.
    setTimeout(() => this.handle(message), 0);
  }

  onMessage(listener: (message: ToWebview) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  getState(): PersistedState | undefined {
    return this.state;
  }

  setState(state: PersistedState): void {
    this.state = state;
  }

  /** Simulates VS Code's undo (Ctrl+Z) outside the webview. */
  undo(): void {
    const last = this.undoStack.pop();
    if (!last) return;
    this.setRecord(last.edit.line, last.before);
    this.redoStack.push(last.edit);
    this.send({ type: "editUndone", edit: last.edit });
    this.sendRecord(last.edit.line);
  }

  record(line: number): RecordView {
    const edited = this.edited.get(line);
    if (edited) return edited;
    return this.options.xssLines?.includes(line)
      ? makeXssRecord(line)
      : makeRecord(line, this.options.shape);
  }

  private setRecord(line: number, record: RecordView): void {
    if (!this.original.has(line)) this.original.set(line, this.record(line));
    this.edited.set(line, record);
  }

  private disagree(line: number): boolean {
    const before = this.original.get(line);
    const now = this.edited.get(line);
    if (!before || !now) return false;
    return now.solutions.some(
      (s, i) => s.isCorrect !== null && before.solutions[i]?.isCorrect !== s.isCorrect,
    );
  }

  summary(line: number): RecordSummary {
    return summarizeRecord(this.record(line), this.disagree(line));
  }

  /** Pushes a host message as the extension would (tests and benchmarks). */
  emit(message: ToWebview): void {
    this.send(message);
  }

  private send(message: ToWebview): void {
    for (const l of this.listeners) l(message);
  }

  /** Sends now, or later when replies are held. */
  private replyOrHold(reply: () => void): void {
    if (this.heldReplies) this.heldReplies.push(reply);
    else reply();
  }

  /** The record as the extension sends it: the judge's verdict beside each one a person changed. */
  private shown(line: number): RecordView {
    const record = this.record(line);
    const before = this.original.get(line);
    if (!before) return record;
    return {
      ...record,
      solutions: record.solutions.map((s, i) => {
        const judge = before.solutions[i]?.isCorrect ?? null;
        return judge !== null && s.isCorrect !== null && s.isCorrect !== judge
          ? { ...s, judgeVerdict: judge }
          : s;
      }),
    };
  }

  private sendRecord(line: number): void {
    this.send({ type: "record", record: this.shown(line) });
    this.send({ type: "summaries", items: [this.summary(line)] });
  }

  private total(): number {
    return this.positions ? this.positions.length : this.options.count;
  }

  private lineAt(position: number): number | undefined {
    return this.positions ? this.positions[position] : position;
  }

  /** The lines matching a filter, read from the data apart from the UI (tests count with it). */
  matching(filter: RecordFilter): number[] {
    const out: number[] = [];
    for (let line = 0; line < this.options.count; line++) {
      const record = this.record(line);
      const summary = summarizeRecord(record, this.disagree(line));
      if (matchesRecordFilter(record, summary, filter, this.settings.prmThreshold)) out.push(line);
    }
    return out;
  }

  private handle(m: FromWebview): void {
    switch (m.type) {
      case "ready":
        return this.send(this.initMessage());
      case "query":
        this.queryId = m.queryId;
        this.positions = isEmptyFilter(m.filter) ? null : this.matching(m.filter);
        return this.send({
          type: "queryResult",
          queryId: m.queryId,
          total: this.total(),
          complete: true,
        });
      case "requestPage": {
        if (m.queryId !== this.queryId) return;
        const items: RecordSummary[] = [];
        const end = Math.min(this.total(), m.start + m.count);
        for (let p = m.start; p < end; p++) {
          const line = this.lineAt(p);
          if (line !== undefined) items.push(this.summary(line));
        }
        return this.send({ type: "page", queryId: m.queryId, start: m.start, items });
      }
      case "requestRecord":
        if (m.line >= this.options.count) {
          return this.send({ type: "error", message: `no record at line ${m.line}` });
        }
        return this.replyOrHold(() => this.send({ type: "record", record: this.shown(m.line) }));
      case "applyEdit": {
        const before = this.record(m.edit.line);
        this.setRecord(m.edit.line, applyEditToRecord(before, m.edit));
        this.undoStack.push({ edit: m.edit, before });
        this.redoStack.length = 0;
        this.audit.push({
          time: new Date().toISOString(),
          author: this.settings.author,
          source: "human",
          ...(m.reason === undefined ? {} : { reason: m.reason }),
          query: before.query,
          line: m.edit.line,
          edit: m.edit,
          before: null,
        });
        return this.replyOrHold(() => {
          this.send({ type: "editApplied", editId: m.editId, edit: m.edit });
          this.sendRecord(m.edit.line);
        });
      }
      case "undo":
        return this.undo();
      case "redo": {
        const edit = this.redoStack.pop();
        if (!edit) return;
        const before = this.record(edit.line);
        this.setRecord(edit.line, applyEditToRecord(before, edit));
        this.undoStack.push({ edit, before });
        this.send({ type: "editRedone", edit });
        return this.sendRecord(edit.line);
      }
      case "findNext": {
        const total = this.total();
        for (let p = m.from + m.direction; p >= 0 && p < total; p += m.direction) {
          const line = this.lineAt(p);
          if (line !== undefined && needsLabels(this.summary(line))) {
            return this.send({ type: "found", requestId: m.requestId, position: p });
          }
        }
        return this.send({ type: "found", requestId: m.requestId, position: null });
      }
      case "requestStats": {
        const stats = this.stats(m.filter);
        const send = () => this.send({ type: "stats", requestId: m.requestId, stats });
        if (!this.options.labelFiguresFirst) return send();
        this.heldStats = send;
        return this.send({ type: "stats", requestId: m.requestId, stats: labelFigures(stats) });
      }
      case "requestAudit":
        return this.send({
          type: "audit",
          line: m.line,
          entries: this.audit.filter((e) => e.line === m.line),
        });
      case "openExport":
      case "openRaw":
      case "openLink":
      case "log":
        return;
    }
  }

  /** Stats over at most 20,000 matching records (the fake's stand-in for the data core). */
  private stats(filter: RecordFilter): StatsPayload {
    const lines = isEmptyFilter(filter)
      ? Array.from({ length: Math.min(this.options.count, 20_000) }, (_, i) => i)
      : this.matching(filter).slice(0, 20_000);
    const perAgent = new Map<string, { correct: number; incorrect: number; unlabeled: number }>();
    const perId = new Map<number, { correct: number; incorrect: number; unlabeled: number }>();
    const scores: number[] = [];
    const progress = { solutionsLabeled: 0, solutionsTotal: 0, stepsLabeled: 0, stepsTotal: 0 };
    const changes: { fromRound: number; changed: number; unchanged: number }[] = [];
    const agreement: [[number, number], [number, number]] = [
      [0, 0],
      [0, 0],
    ];
    const bump = <K>(
      map: Map<K, { correct: number; incorrect: number; unlabeled: number }>,
      key: K,
      v: boolean | null,
    ) => {
      const row = map.get(key) ?? { correct: 0, incorrect: 0, unlabeled: 0 };
      if (v === true) row.correct++;
      else if (v === false) row.incorrect++;
      else row.unlabeled++;
      map.set(key, row);
    };
    for (const line of lines) {
      const record = this.record(line);
      const before = this.original.get(line);
      for (const [i, s] of record.solutions.entries()) {
        bump(perAgent, s.agent ?? "unknown", s.isCorrect);
        bump(perId, s.id, s.isCorrect);
        progress.solutionsTotal++;
        if (s.isCorrect !== null) progress.solutionsLabeled++;
        for (const st of s.steps) {
          progress.stepsTotal++;
          if (st.label !== null) progress.stepsLabeled++;
          if (st.score !== null) scores.push(st.score);
        }
        const judge = before?.solutions[i]?.isCorrect;
        if (before && judge != null && s.isCorrect !== null) {
          agreement[judge ? 1 : 0][s.isCorrect ? 1 : 0]++;
        }
      }
      const rounds = record.rounds ?? [];
      for (let r = 1; r < rounds.length; r++) {
        const row = (changes[r - 1] ??= { fromRound: r - 1, changed: 0, unchanged: 0 });
        for (const t of rounds[r]?.turns ?? []) {
          const prev = rounds[r - 1]?.turns.find((p) => p.agent === t.agent);
          if (!prev) continue;
          if (prev.answer === t.answer) row.unchanged++;
          else row.changed++;
        }
      }
    }
    return {
      records: lines.length,
      complete: lines.length === this.options.count || !isEmptyFilter(filter),
      stepFigures: true,
      perAgent: [...perAgent].map(([agent, v]) => ({ agent, ...v })),
      perSolutionId: [...perId].map(([solutionId, v]) => ({ solutionId, ...v })),
      labelProgress: progress,
      prmHistogram: histogram(scores, 20),
      answerChanges: changes,
      agreement,
    };
  }
}

/** The label figures of `stats`, as the editor shows them before every record is parsed. */
function labelFigures(stats: StatsPayload): StatsPayload {
  return {
    ...stats,
    complete: false,
    stepFigures: false,
    labelProgress: { ...stats.labelProgress, stepsLabeled: 0, stepsTotal: 0 },
    prmHistogram: stats.prmHistogram.map(() => 0),
    answerChanges: [],
    agreement: [
      [0, 0],
      [0, 0],
    ],
  };
}
