import { LitElement, type TemplateResult } from "lit";
import type { AuditEntry, CurationEdit, RecordView, StepLabel } from "../../../schemas/src/records";
import {
  type CurationSettings,
  type IndexProgress,
  type RecordFilter,
  type StatsPayload,
  type ToWebview,
} from "../../../schemas/src/webview-protocol";
import type { HostApi } from "../host/host-api";
import {
  advanceAfterLabel,
  fitCursor,
  moveSolution,
  moveStep,
  START,
  type Cursor,
} from "../state/cursor";
import { judgeOf } from "../../../schemas/src/records/judge-of";
import { commandForKey, type Command } from "../state/keymap";
import { applyEditToRecord } from "../state/record-edits";
import { ResultSet } from "../state/result-set";
import {
  buildTree,
  cursorForNode,
  cursorNode,
  pathToFirstLowStep,
  treeKey,
} from "../state/trajectory-tree";
import { appLayout } from "./app-layout";
import { appViewContext, type ViewHost } from "./app-view-context";
import { inTextField } from "./in-text-field";
import type { NoteTarget, ViewContext } from "./view-context";
import { verdictsHeldElsewhere } from "../state/verdict-home";
import { upgradeInView } from "../render/lazy-markdown";

/**
 * The curation editor's root. All state lives here; the list, cards, debate grid and tree are
 * drawn from it on every change, so they cannot drift apart.
 */
export class CurationApp extends LitElement {
  static override properties = { tick: { state: true } };
  declare tick: number;
  hostApi!: HostApi;

  private fileName = "";
  private settings: CurationSettings = { stepSeparator: "\n\n", prmThreshold: 0, author: "" };
  private index: IndexProgress | null = null;
  private readOnly = false;
  private rows!: ResultSet;
  private selected = -1;
  /** Where to land when the next result set arrives, and the cursor to restore there. */
  private pendingSelect = 0;
  private restoreCursor: Cursor | null = null;
  private record: RecordView | null = null;
  private wantedLine = -1;
  private cursor: Cursor = START;
  private expanded = new Set<string>(["q"]);
  private showThink = false;
  private view: "record" | "stats" = "record";
  private stats: StatsPayload | null = null;
  private statsRequest = 0;
  private findRequest = 0;
  private editId = 0;
  /** The Reason field's text: every edit made while it holds text carries it. */
  private reason = "";
  /**
   * Edits sent and not yet answered. The record shows them at once; until the host applies them
   * they are not on VS Code's undo stack, so the record says it is busy (aria-busy) meanwhile.
   */
  private readonly unconfirmed = new Set<number>();
  private sheetOpen = false;
  private editingNote: NoteTarget | null = null;
  private treeFocus: string | null = null;
  /** The record's audit trail, fetched while the History section is open. */
  private historyOpen = false;
  private audit: AuditEntry[] | null = null;
  private toast = "";
  private readonly agents = new Set<string>();
  private readonly solutionIds = new Set<number>();
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly onKey = (e: KeyboardEvent) => this.keydown(e);

  constructor() {
    super();
    this.tick = 0;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.rows = new ResultSet((m) => this.hostApi.post(m));
    this.unsubscribe = this.hostApi.onMessage((m) => this.receive(m));
    document.addEventListener("keydown", this.onKey);
    document.addEventListener("click", this.onLinkClick);
    this.hostApi.post({ type: "ready" });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
    document.removeEventListener("keydown", this.onKey);
    document.removeEventListener("click", this.onLinkClick);
  }

  private changed(): void {
    this.tick++;
  }

  // ---- host messages ----

  private receive(m: ToWebview): void {
    this.rows.receive(m);
    switch (m.type) {
      case "init": {
        this.fileName = m.fileName;
        this.settings = m.settings;
        this.index = m.index;
        this.readOnly = m.readOnly;
        // Also sent again when the file was reverted or replaced on disk: the record shown may
        // have other text now, so it is asked for again rather than kept, where the user is now
        // (the record last shown lags a move whose record has not arrived yet).
        if (this.selected >= 0) {
          this.reload();
          break;
        }
        const saved = this.hostApi.getState();
        if (saved) this.restoreCursor = { solution: saved.solution, step: saved.step, turn: null };
        if (typeof saved?.reason === "string") this.reason = saved.reason;
        this.record = null;
        this.startQuery(saved?.line ?? 0);
        break;
      }
      case "settings": {
        const before = this.settings;
        this.settings = m.settings;
        // The host splits steps and judges low scores with these: what is shown was counted
        // with the old ones, so the list, the record and the stats are asked for again.
        const changed =
          before.stepSeparator !== m.settings.stepSeparator ||
          before.prmThreshold !== m.settings.prmThreshold;
        if (changed && this.index) this.reload();
        break;
      }
      case "indexProgress":
        this.index = m.index;
        break;
      case "fileGrew":
        if (this.index) this.index = { ...this.index, recordCount: m.recordCount };
        break;
      case "queryResult":
        if (m.queryId !== this.rows.queryId) return;
        if (this.selected < 0 && this.rows.total > 0) this.select(this.pendingSelect);
        break;
      case "page":
        if (m.queryId !== this.rows.queryId) return;
        if (this.wantedLine < 0 && this.selected >= 0) this.loadSelected();
        break;
      case "summaries":
        break;
      case "record":
        if (m.record.line !== this.wantedLine) return;
        this.showRecord(m.record);
        break;
      case "editApplied":
        this.unconfirmed.delete(m.editId);
        break;
      case "editRejected":
        this.unconfirmed.delete(m.editId);
        this.say(`Edit not applied: ${m.reason}`);
        if (this.record) this.hostApi.post({ type: "requestRecord", line: this.record.line });
        break;
      case "editUndone":
        this.say("Undone");
        break;
      case "editRedone":
        this.say("Redone");
        break;
      case "stats":
        if (m.requestId === this.statsRequest) this.stats = m.stats;
        break;
      case "audit":
        if (m.line === this.record?.line) this.audit = m.entries;
        break;
      case "found":
        if (m.requestId !== this.findRequest) return;
        if (m.position === null) this.say("No more records needing labels");
        else this.select(m.position);
        break;
      case "error":
        this.say(m.message);
        break;
    }
    this.changed();
  }

  private showRecord(record: RecordView): void {
    const sameLine = this.record?.line === record.line;
    this.record = record;
    for (const s of record.solutions) {
      if (s.agent !== null) this.agents.add(s.agent);
      this.solutionIds.add(s.id);
    }
    if (!sameLine) {
      this.editingNote = null;
      this.treeFocus = null;
      this.expanded = new Set(pathToFirstLowStep(record, this.settings.prmThreshold));
      this.audit = null;
    }
    if (this.historyOpen) this.hostApi.post({ type: "requestAudit", line: record.line });
    this.cursor = fitCursor(record, this.cursor);
    for (const id of cursorNode(record, this.cursor).open) this.expanded.add(id);
    this.persist();
  }

  private persist(): void {
    if (!this.record) return;
    this.hostApi.setState({
      line: this.record.line,
      solution: this.cursor.solution,
      step: this.cursor.step,
      reason: this.reason,
    });
  }

  // ---- list and selection ----

  /** The list, the record (keeping the cursor) and the stats again, from the host. */
  private reload(): void {
    this.restoreCursor = { ...this.cursor, turn: null };
    this.record = null;
    this.startQuery(Math.max(0, this.selected));
  }

  private startQuery(selectPosition = 0, filter = this.rows.filter): void {
    this.selected = -1;
    this.pendingSelect = selectPosition;
    this.rows.start(filter);
    if (this.view === "stats") this.requestStats();
  }

  private select(position: number): void {
    if (this.rows.total === 0) return;
    const p = Math.max(0, Math.min(this.rows.total - 1, position));
    if (p !== this.selected) this.cursor = this.restoreCursor ?? { ...START };
    this.restoreCursor = null;
    this.selected = p;
    this.wantedLine = -1;
    this.loadSelected();
    this.changed();
  }

  private loadSelected(): void {
    const row = this.rows.rowAt(this.selected);
    if (!row) return; // the list asks for the page; `page` calls back here
    this.wantedLine = row.line;
    if (this.record?.line !== row.line) {
      this.hostApi.post({ type: "requestRecord", line: row.line });
    }
  }

  private setFilter(filter: RecordFilter): void {
    this.startQuery(0, filter);
    this.changed();
  }

  private searchInput(text: string): void {
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => this.setFilter({ ...this.rows.filter, text }), 250);
  }

  // ---- edits ----

  private edit(edit: CurationEdit): void {
    if (this.readOnly) return this.say("This file is read-only");
    if (!this.record) return;
    this.record = applyEditToRecord(this.record, edit);
    this.unconfirmed.add(++this.editId);
    const reason = this.reason.trim();
    this.hostApi.post({
      type: "applyEdit",
      editId: this.editId,
      edit,
      ...(reason ? { reason } : {}),
    });
    this.changed();
  }

  private setVerdict(solution: number, value: boolean | null): void {
    const s = this.record?.solutions[solution];
    if (!s || !this.record) return;
    const elsewhere = verdictsHeldElsewhere(this.record);
    if (elsewhere !== null) {
      this.say(elsewhere);
      return;
    }
    this.cursor = {
      ...this.cursor,
      solution,
      step: solution === this.cursor.solution ? this.cursor.step : -1,
    };
    this.edit({ type: "set-correct", line: this.record.line, solutionId: s.id, value });
  }

  private setStepLabel(solution: number, step: number, value: StepLabel): void {
    const s = this.record?.solutions[solution];
    if (!s || !this.record) return;
    this.cursor = { ...this.cursor, solution, step };
    this.edit({ type: "set-step-label", line: this.record.line, solutionId: s.id, step, value });
  }

  // ---- keyboard ----

  private keydown(e: KeyboardEvent): void {
    if (this.sheetOpen && e.key !== "Escape" && e.key !== "?") return;
    if (e.target instanceof Element && e.target.closest(".tree") && this.treeKeydown(e)) return;
    const command = commandForKey({
      key: e.key,
      ctrlKey: e.ctrlKey,
      metaKey: e.metaKey,
      altKey: e.altKey,
      shiftKey: e.shiftKey,
      inTextField: inTextField(e.composedPath()),
    });
    if (!command) return;
    e.preventDefault();
    this.run(command);
  }

  run(c: Command): void {
    const record = this.record;
    switch (c.type) {
      case "record":
        this.select(this.selected + c.delta);
        break;
      case "record-edge":
        this.select(c.last ? this.rows.total - 1 : 0);
        break;
      case "solution":
        if (record) this.moveTo(moveSolution(record, this.cursor, c.delta));
        break;
      case "step":
        if (record) this.moveTo(moveStep(record, this.cursor, c.delta));
        break;
      case "verdict":
        this.setVerdict(this.cursor.solution, c.value);
        break;
      case "toggle-verdict": {
        const current = record?.solutions[this.cursor.solution]?.isCorrect;
        this.setVerdict(this.cursor.solution, current === c.value ? null : c.value);
        break;
      }
      case "step-label":
        if (!record) break;
        if (this.cursor.step < 0) {
          this.say("Pick a step first: Shift+↓ or J");
          break;
        }
        this.setStepLabel(this.cursor.solution, this.cursor.step, c.value);
        if (c.value !== null) this.moveTo(advanceAfterLabel(record, this.cursor));
        break;
      case "search":
        this.querySelector<HTMLElement>("#search")?.focus();
        break;
      case "reason":
        this.querySelector<HTMLElement>("#reason")?.focus();
        break;
      case "note":
        if (!record) break;
        if (this.readOnly) this.say("This file is read-only");
        else if (record.malformed !== null) this.say("A malformed line takes no notes");
        else this.editNote(c.on === "record" ? "record" : this.cursor.solution);
        break;
      case "next-unlabeled":
        this.hostApi.post({
          type: "findNext",
          requestId: ++this.findRequest,
          queryId: this.rows.queryId,
          from: this.selected,
          direction: c.direction,
        });
        break;
      case "toggle-think":
        this.showThink = !this.showThink;
        break;
      case "toggle-stats":
        this.view = this.view === "stats" ? "record" : "stats";
        if (this.view === "stats") this.requestStats();
        break;
      case "shortcuts":
        this.sheetOpen = !this.sheetOpen;
        break;
      case "escape":
        if (this.sheetOpen) this.sheetOpen = false;
        else if (this.cursor.turn) this.cursor = { ...this.cursor, turn: null };
        (document.activeElement as HTMLElement | null)?.blur();
        this.querySelector<HTMLElement>(".list-scroller")?.focus();
        break;
    }
    this.changed();
  }

  /** Arrow keys inside the focused tree move in the tree, not between records. */
  private treeKeydown(e: KeyboardEvent): boolean {
    const record = this.record;
    if (!record || e.ctrlKey || e.metaKey || e.altKey) return false;
    const focus = this.treeFocus ?? cursorNode(record, this.cursor).id;
    const result = treeKey(e.key, focus, buildTree(record), this.expanded);
    if (!result) return false;
    e.preventDefault();
    const actions = this.context(record).actions;
    switch (result.type) {
      case "focus": {
        this.treeFocus = result.id;
        // Moving onto a solution, step or turn moves the cursor too: the views stay in sync.
        const c = cursorForNode(record, result.id, this.cursor);
        if (c) this.moveTo(c, true);
        break;
      }
      case "expand":
        this.expanded.add(result.id);
        break;
      case "collapse":
        this.expanded.delete(result.id);
        break;
      case "select":
        actions.selectNode(result.id);
        break;
    }
    this.changed();
    return true;
  }

  /**
   * Opens a note's field (or closes it, null) and puts the caret in it once it is drawn: a
   * field new to the page can take focus only after lit has put it there.
   */
  private editNote(target: NoteTarget | null): void {
    this.editingNote = target;
    this.changed();
    if (target === null) return;
    void this.updateComplete.then(() =>
      this.querySelector<HTMLInputElement>("input.note-input")?.focus(),
    );
  }

  private moveTo(c: Cursor, fromTree = false): void {
    this.cursor = c;
    if (!fromTree) this.treeFocus = null;
    if (this.record) for (const id of cursorNode(this.record, c).open) this.expanded.add(id);
    this.persist();
    this.changed();
    void this.updateComplete.then(() => this.revealCursor());
  }

  private revealCursor(): void {
    const id =
      this.cursor.step >= 0
        ? `step-${this.cursor.solution}-${this.cursor.step}`
        : `solution-${this.cursor.solution}`;
    document.getElementById(id)?.scrollIntoView({ block: "nearest" });
  }

  private requestStats(): void {
    this.stats = null;
    this.hostApi.post({
      type: "requestStats",
      requestId: ++this.statsRequest,
      filter: this.rows.filter,
    });
  }

  private say(text: string): void {
    this.toast = text;
    this.changed();
  }

  private readonly onLinkClick = (e: MouseEvent): void => {
    const target = e.target instanceof Element ? e.target.closest("[data-href]") : null;
    if (!target) return;
    e.preventDefault();
    const url = target.getAttribute("data-href");
    if (url) this.hostApi.post({ type: "openLink", url });
  };

  // ---- rendering ----

  private context(record: RecordView): ViewContext {
    return appViewContext(
      record,
      {
        cursor: this.cursor,
        judge: judgeOf(this.fileName),
        prmThreshold: this.settings.prmThreshold,
        showThink: this.showThink,
        readOnly: this.readOnly,
        editingNote: this.editingNote,
        treeFocus: this.treeFocus,
        expanded: this.expanded,
      },
      this.viewHost,
    );
  }

  private readonly viewHost: ViewHost = {
    cursor: () => this.cursor,
    setVerdict: (s, v) => this.setVerdict(s, v),
    setStepLabel: (s, i, v) => this.setStepLabel(s, i, v),
    moveTo: (c) => this.moveTo(c),
    edit: (e) => this.edit(e),
    setEditingNote: (target) => this.editNote(target),
    toggleNode: (id) => {
      if (this.expanded.has(id)) this.expanded.delete(id);
      else this.expanded.add(id);
    },
    openNode: (id) => this.expanded.add(id),
    changed: () => this.changed(),
  };

  /** After each commit, before the paint: new texts in view get their Markdown and math. */
  protected override updated(): void {
    upgradeInView();
  }

  protected override render(): TemplateResult {
    const record = this.record;
    return appLayout({
      toolbar: {
        fileName: this.fileName,
        total: this.rows.total,
        complete: this.rows.complete,
        index: this.index,
        view: this.view,
        filter: {
          filter: this.rows.filter,
          agents: [...this.agents].sort(),
          solutionIds: [...this.solutionIds].sort((a, b) => a - b),
          prmThreshold: this.settings.prmThreshold,
          onChange: (f) => this.setFilter(f),
          onSearchInput: (t) => this.searchInput(t),
        },
        reason: this.reason,
        onReasonInput: (text) => {
          this.reason = text;
          this.persist();
        },
        run: (c) => this.run(c),
        post: (m) => this.hostApi.post(m),
      },
      view: this.view,
      stats: this.stats,
      context: record ? this.context(record) : null,
      extras: {
        busy: this.unconfirmed.size > 0,
        audit: this.audit,
        historyOpen: this.historyOpen,
        onHistoryToggle: (open) => {
          this.historyOpen = open;
          if (open && record) this.hostApi.post({ type: "requestAudit", line: record.line });
        },
        onOpenRaw: () => {
          if (record) this.hostApi.post({ type: "openRaw", line: record.line });
        },
      },
      list: {
        total: this.rows.total,
        complete: this.rows.complete,
        selected: this.selected,
        revision: this.rows.revision,
        prmThreshold: this.settings.prmThreshold,
        rowAt: (p) => this.rows.rowAt(p),
        need: (start, end) => this.rows.need(start, end),
        select: (p) => this.select(p),
      },
      toast: this.toast,
      sheetOpen: this.sheetOpen,
      closeSheet: () => this.run({ type: "shortcuts" }),
    });
  }
}

customElements.define("curation-app", CurationApp);

declare global {
  interface HTMLElementTagNameMap {
    "curation-app": CurationApp;
  }
}
