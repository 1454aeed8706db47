/**
 * Messages between the curation editor (a `CustomEditorProvider` in the extension host) and its
 * webview (`webview/`). Both directions are zod/mini discriminated unions on `type`; each side
 * validates what arrives (`ToWebview.safeParse` in webview/src/host/vscode-host.ts,
 * `FromWebview.safeParse` in the provider) and drops what does not parse.
 *
 * What the UI expects of the host:
 *
 * 1. Queue everything until `ready`. On `ready` (sent again after a webview reload), send `init`,
 *    then keep sending `indexProgress` while the line index is built and `fileGrew` when the
 *    file gets longer on disk. `recordCount` is "records indexed so far"; the UI lets people work
 *    before indexing ends.
 * 2. The webview never holds all records, only pages of `RecordSummary`. It opens a result set
 *    with `query` (a `queryId` and a `RecordFilter`; queryId 0 is never used) and then asks
 *    `requestPage` for windows of it (`start` and `count` are positions in the result set, at
 *    most `MAX_PAGE` rows). Answer with `queryResult` (the number of matches found so far; send
 *    it again as a filter scan progresses, `complete: true` at the end) and `page`. Drop answers
 *    for a queryId the webview has replaced (it ignores them anyway). For the empty filter the
 *    result set is the file's lines in order, so position = line, and `indexProgress` /
 *    `fileGrew` extend it. For other filters, scan appended lines too and send `queryResult`
 *    with the new total. Rows keep their positions while a result set grows.
 * 3. `requestRecord` → one `record` with the full `RecordView` of that line.
 * 4. `applyEdit` carries a `CurationEdit`, an `editId` and maybe a `reason` (for the audit
 *    trail). Apply it to the document (an undoable custom-document edit), then send
 *    `editApplied` with the same id, the fresh `record`, and `summaries` for the changed line.
 *    If it cannot be applied, send `editRejected`; the UI then shows why and re-requests the
 *    record. Undo/redo is VS Code's: after one, send `editUndone` / `editRedone`, the fresh
 *    `record` and `summaries`. The webview's own undo and redo buttons send `undo` / `redo`;
 *    run the workbench commands for them.
 * 5. `findNext` → `found` (the `n` key: next record that still needs labels; scan the index, not
 *    the webview's pages). `requestStats` → `stats` with the same `requestId` over the records matching its filter
 *    (partial while indexing: `complete: false`). `requestAudit` → `audit` for one line.
 * 6. `openLink` is the only way a link in record text leaves the webview: ask the user before
 *    opening it, and only for http(s). `openExport`, `openRaw` run the matching commands.
 * 7. `settings` re-sends `CurationSettings` when `agentark.*` settings change.
 */
import * as z from "zod/mini";
import { AuditEntry, CurationEdit, RecordKind, RecordView } from "./records";

/** Most rows one `requestPage` may ask for. */
export const MAX_PAGE = 500;

export const CurationSettings = z.object({
  /** Step separator used to split solutions into steps (default a blank line). */
  stepSeparator: z.string(),
  /** Steps whose PRM score is below this are "low" (filters, tree expansion, badges). */
  prmThreshold: z.number(),
  /** Shown in the audit trail as the author of human edits. */
  author: z.string(),
});
export type CurationSettings = z.infer<typeof CurationSettings>;

export const IndexProgress = z.object({
  /** Records (lines) indexed so far. */
  recordCount: z.number(),
  bytesIndexed: z.number(),
  totalBytes: z.number(),
  done: z.boolean(),
});
export type IndexProgress = z.infer<typeof IndexProgress>;

/** One row of the record list: what the list shows and filters on, without the texts. */
export const RecordSummary = z.object({
  line: z.number(),
  kind: RecordKind,
  /** First ~160 characters of the query, whitespace collapsed. */
  queryPreview: z.string(),
  solutions: z.number(),
  correct: z.number(),
  incorrect: z.number(),
  unlabeled: z.number(),
  /** Steps with a label / steps in all solutions. */
  stepsLabeled: z.number(),
  stepsTotal: z.number(),
  /** The record has `error` set or is malformed. */
  error: z.boolean(),
  /** Lowest PRM step score over all solutions and turns; null when nothing is scored. */
  minStepScore: z.nullable(z.number()),
  /** A human verdict differs from the judge's for at least one solution (from the audit trail). */
  disagree: z.boolean(),
});
export type RecordSummary = z.infer<typeof RecordSummary>;

/**
 * `verdict`, over a record's solutions: `correct` all are correct, `incorrect` all are incorrect,
 * `mixed` at least one of each, `unlabeled` at least one has no verdict. `lowPrm`: some step
 * scores below `prmThreshold`. `agent`/`solutionId` keep records having such a solution.
 * `text`: case-insensitive substring of the record's texts (query, answers, solutions, turns;
 * searching the raw JSON line instead is acceptable). All set conditions must hold.
 */
export const RecordFilter = z.object({
  verdict: z.enum(["any", "correct", "incorrect", "mixed", "unlabeled"]),
  errorsOnly: z.boolean(),
  disagreeOnly: z.boolean(),
  lowPrm: z.boolean(),
  agent: z.nullable(z.string()),
  solutionId: z.nullable(z.number()),
  text: z.string(),
});
export type RecordFilter = z.infer<typeof RecordFilter>;

export const EMPTY_FILTER: RecordFilter = {
  verdict: "any",
  errorsOnly: false,
  disagreeOnly: false,
  lowPrm: false,
  agent: null,
  solutionId: null,
  text: "",
};

const Verdicts = z.object({ correct: z.number(), incorrect: z.number(), unlabeled: z.number() });

/** Figures for the stats view; every count is over the records matching the request's filter. */
export const StatsPayload = z.object({
  records: z.number(),
  /** False while the index or the scan is still running. */
  complete: z.boolean(),
  /**
   * Whether the step figures (steps labelled, PRM scores, answer changes, agreement) are counted:
   * false in the label figures the view shows first, while the records are still being parsed.
   */
  stepFigures: z.boolean(),
  perAgent: z.array(z.extend(Verdicts, { agent: z.string() })),
  perSolutionId: z.array(z.extend(Verdicts, { solutionId: z.number() })),
  labelProgress: z.object({
    solutionsLabeled: z.number(),
    solutionsTotal: z.number(),
    stepsLabeled: z.number(),
    stepsTotal: z.number(),
  }),
  /** PRM step-score histogram over [-1, 1]: `bins[i]` counts scores in [-1 + i·w, -1 + (i+1)·w). */
  prmHistogram: z.array(z.number()),
  /** Per pair of consecutive rounds: agents whose answer changed / stayed. */
  answerChanges: z.array(
    z.object({ fromRound: z.number(), changed: z.number(), unchanged: z.number() }),
  ),
  /**
   * Judge vs human verdicts for solutions a human has reviewed (from the audit trail):
   * `[judge][human]`, index 0 = incorrect, 1 = correct.
   */
  agreement: z.tuple([z.tuple([z.number(), z.number()]), z.tuple([z.number(), z.number()])]),
});
export type StatsPayload = z.infer<typeof StatsPayload>;

/** Host → webview. */
export const ToWebview = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("init"),
    fileName: z.string(),
    settings: CurationSettings,
    index: IndexProgress,
    /** The document cannot be edited (e.g. opened from a read-only file system). */
    readOnly: z.boolean(),
  }),
  z.object({ type: z.literal("settings"), settings: CurationSettings }),
  z.object({ type: z.literal("indexProgress"), index: IndexProgress }),
  z.object({ type: z.literal("fileGrew"), recordCount: z.number() }),
  z.object({
    type: z.literal("queryResult"),
    queryId: z.number(),
    total: z.number(),
    complete: z.boolean(),
  }),
  z.object({
    type: z.literal("page"),
    queryId: z.number(),
    start: z.number(),
    items: z.array(RecordSummary),
  }),
  /** Changed rows (after an edit, undo, redo or revert); the UI patches cached pages by line. */
  z.object({ type: z.literal("summaries"), items: z.array(RecordSummary) }),
  z.object({ type: z.literal("record"), record: RecordView }),
  z.object({ type: z.literal("editApplied"), editId: z.number(), edit: CurationEdit }),
  z.object({ type: z.literal("editRejected"), editId: z.number(), reason: z.string() }),
  z.object({ type: z.literal("editUndone"), edit: CurationEdit }),
  z.object({ type: z.literal("editRedone"), edit: CurationEdit }),
  z.object({ type: z.literal("stats"), requestId: z.number(), stats: StatsPayload }),
  z.object({ type: z.literal("audit"), line: z.number(), entries: z.array(AuditEntry) }),
  /** Answer to `findNext`: a position in the result set, or null when there is none. */
  z.object({ type: z.literal("found"), requestId: z.number(), position: z.nullable(z.number()) }),
  z.object({ type: z.literal("error"), message: z.string() }),
]);
export type ToWebview = z.infer<typeof ToWebview>;

/** Webview → host. */
export const FromWebview = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ready") }),
  z.object({ type: z.literal("query"), queryId: z.number(), filter: RecordFilter }),
  z.object({
    type: z.literal("requestPage"),
    queryId: z.number(),
    start: z.number().check(z.int(), z.nonnegative()),
    count: z.number().check(z.int(), z.positive(), z.lte(MAX_PAGE)),
  }),
  z.object({ type: z.literal("requestRecord"), line: z.number().check(z.int(), z.nonnegative()) }),
  /**
   * The next position after `from` (direction 1) or before it (-1) in the result set whose row
   * still needs labels: a solution without a verdict or a step without a label.
   */
  z.object({
    type: z.literal("findNext"),
    requestId: z.number(),
    queryId: z.number(),
    from: z.number(),
    direction: z.union([z.literal(1), z.literal(-1)]),
  }),
  /**
   * `reason`: why the person made the change, as they typed it in the editor's Reason field; it
   * goes into the edit's audit entry. Absent when the field is empty.
   */
  z.object({
    type: z.literal("applyEdit"),
    editId: z.number(),
    edit: CurationEdit,
    reason: z.optional(z.string()),
  }),
  z.object({ type: z.literal("undo") }),
  z.object({ type: z.literal("redo") }),
  z.object({ type: z.literal("requestStats"), requestId: z.number(), filter: RecordFilter }),
  z.object({ type: z.literal("requestAudit"), line: z.number() }),
  z.object({ type: z.literal("openExport") }),
  /** Show the raw JSON line in a text editor. */
  z.object({ type: z.literal("openRaw"), line: z.number() }),
  z.object({ type: z.literal("openLink"), url: z.string() }),
  /** Webview-side failures, for the extension's log channel. */
  z.object({
    type: z.literal("log"),
    level: z.enum(["info", "warn", "error"]),
    message: z.string(),
  }),
]);
export type FromWebview = z.infer<typeof FromWebview>;
