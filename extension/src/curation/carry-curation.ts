// A rerun (label.py again, a new inference) replaces a results file a person had curated. The
// person's version is kept aside (runs/sync/keep-curated.ts); this carries their work onto the
// new file: verdicts they set, step labels and notes, on every solution whose text is unchanged,
// matched by `query` (AgentArk's join key; the k-th row of a repeated query with the k-th). A
// solution whose text changed keeps nothing: a label on other words would be a false label.
// The new file's audit trail gets the judge's changes (a verdict the new run gave differently
// from the judge's verdict in the kept file) and the carried edits, each naming the kept file.
import { createHash } from "node:crypto";
import { basename } from "node:path";
import {
  judgeOf,
  type AuditEntry,
  type CurationEdit,
  type RecordView,
  type StepLabel,
} from "../../../schemas/src/records";
import { IndexLineRanges } from "../curation-editor/index-line-ranges";
import { LineIndex } from "../data/line-index";
import { parseRecord } from "../data/parse-record";
import { DEFAULT_SEPARATOR } from "../data/split-steps";
import { AuditTrail, type EditProvenance } from "./audit-trail";
import { CurationDocument } from "./curation-document";
import { scanTopLevel } from "./json-line-scanner";
import { readCurationBlock } from "./line-rewriter";

export interface CarryOptions {
  /** The person's version, moved aside; its audit trail beside it. */
  kept: string;
  /** The new file under the original name. */
  fresh: string;
  /** Named in the audit entries' reason. */
  jobId?: string;
  /** Who the audit calls the carrier when an edit has no author of its own. */
  author: string;
  /**
   * When the kept file last came down from a host (ISO time): older entries of its trail are
   * about an earlier version of the file and say nothing of who set what in this one.
   */
  trailSince?: string;
  now?: () => Date;
}

export interface CarryReport {
  /** Rows of the new file that got the person's work. */
  rows: number;
  edits: number;
  /** Verdicts the new run's judge gave differently, recorded with source `judge`. */
  judgeChanges: number;
  /** Curated solutions (or rows) not carried: their text changed or their query is gone. */
  notCarried: number;
}

const BATCH = 256;

interface KeptSolution {
  textHash: string;
  /** The verdict the kept file's judge gave: before any person's change. */
  judge: boolean | null;
  /** The person's verdict, when they set one. */
  verdict?: boolean | null;
  /** Who did the person's work on it (the audit trail's last entry for it). */
  author: string;
  stepLabels?: StepLabel[];
  separator: string;
  note?: string;
}

interface KeptRow {
  solutions: Map<number, KeptSolution>;
  note?: { value: string; author: string };
  /** Whether the person touched this row at all (what `notCarried` counts when it is gone). */
  curated: boolean;
}

/** Whether a person did anything to the solution. */
const touched = (s: KeptSolution): boolean =>
  s.verdict !== undefined || s.stepLabels !== undefined || s.note !== undefined;

const hash = (text: string) => createHash("sha1").update(text).digest("base64");

export async function carryCuration(options: CarryOptions): Promise<CarryReport> {
  const now = options.now ?? (() => new Date());
  const report: CarryReport = { rows: 0, edits: 0, judgeChanges: 0, notCarried: 0 };
  const kept = await readKeptRows(
    options.kept,
    await humanWorkOf(options.kept, options.trailSince ?? ""),
    options.author,
  );

  const index = await LineIndex.open(options.fresh);
  const judgeEntries: AuditEntry[] = [];
  const edits: Array<{ edit: CurationEdit; provenance: EditProvenance }> = [];
  const model = judgeOf(basename(options.fresh)) ?? undefined;
  const reason = `carried over from ${basename(options.kept)}${options.jobId ? ` when job ${options.jobId} replaced the file` : ""}`;
  const time = now().toISOString();
  try {
    await index.build();
    for await (const { line, view, key } of rowsOf(index)) {
      const old = kept.get(key);
      if (!old) continue;
      kept.delete(key);
      const before = edits.length;
      for (const solution of view.solutions) {
        const was = old.solutions.get(solution.id);
        if (!was) continue;
        old.solutions.delete(solution.id);
        if (was.textHash !== hash(solution.text)) {
          if (touched(was)) report.notCarried++;
          continue;
        }
        // A new verdict equal to the person's may be theirs come back (the file was uploaded
        // and served again), not the judge's: only one unlike both is the judge's own change.
        const judgeChanged =
          solution.isCorrect !== null &&
          was.judge !== null &&
          solution.isCorrect !== was.judge &&
          solution.isCorrect !== was.verdict;
        if (judgeChanged)
          judgeEntries.push({
            time,
            author: model ?? "judge",
            source: "judge",
            ...(model ? { model } : {}),
            ...(options.jobId ? { reason: `job ${options.jobId}` } : {}),
            query: view.query,
            line,
            edit: {
              type: "set-correct",
              line,
              solutionId: solution.id,
              value: solution.isCorrect,
            },
            before: was.judge,
          });
        const provenance = human(was.author, reason);
        if (was.verdict !== undefined && solution.isCorrect !== was.verdict)
          edits.push({
            edit: { type: "set-correct", line, solutionId: solution.id, value: was.verdict },
            provenance,
          });
        for (const [step, value] of (was.stepLabels ?? []).entries())
          if (value !== null)
            edits.push({
              edit: {
                type: "set-step-label",
                line,
                solutionId: solution.id,
                step,
                value,
                separator: was.separator,
              },
              provenance,
            });
        if (was.note !== undefined)
          edits.push({
            edit: { type: "set-note", line, solutionId: solution.id, value: was.note },
            provenance,
          });
      }
      for (const was of old.solutions.values()) if (touched(was)) report.notCarried++;
      if (old.note !== undefined)
        edits.push({
          edit: { type: "set-note", line, solutionId: null, value: old.note.value },
          provenance: human(old.note.author, reason),
        });
      if (edits.length > before) report.rows++;
    }
    for (const row of kept.values()) if (row.curated) report.notCarried++;

    // The judge's changes come first in the trail: they happened first (the run), the person's
    // carried work is laid over them.
    await new AuditTrail(options.fresh).append(judgeEntries);
    report.judgeChanges = judgeEntries.length;
    if (edits.length === 0) return report;
    const document = await CurationDocument.open({
      path: options.fresh,
      lines: new IndexLineRanges(index),
      now,
    });
    try {
      for (const { edit, provenance } of edits) await document.applyEdit(edit, provenance, time);
      const saved = await document.save();
      if (saved.kind === "conflict") throw new Error(saved.reason);
      if (saved.auditError) throw new Error(saved.auditError);
      report.edits = edits.length;
    } finally {
      await document.close();
    }
    return report;
  } finally {
    await index.close();
  }
}

function human(author: string, reason: string): EditProvenance {
  return { author, source: "human", reason };
}

/**
 * The readable rows of an indexed file with their join key: the query, and which occurrence of
 * it the row is (the k-th row of a repeated query meets the k-th in the other file).
 */
async function* rowsOf(
  index: LineIndex,
): AsyncGenerator<{ line: number; text: string; view: RecordView; key: string }> {
  const seen = new Map<string, number>();
  for (let from = 0; from < index.lineCount; from += BATCH) {
    const texts = await index.readLines(from, BATCH);
    for (const [k, text] of texts.entries()) {
      const line = from + k;
      const view = parseRecord(line, text);
      if (view.malformed !== null) continue;
      const occurrence = seen.get(view.query) ?? 0;
      seen.set(view.query, occurrence + 1);
      yield { line, text, view, key: `${hash(view.query)}#${occurrence}` };
    }
  }
}

interface HumanWork {
  /** The row's query when the entry was made: a line that now holds another row is not it. */
  query: string;
  /** Who last changed the solution (or the row, under `line#null`). */
  author: string;
  /** The judge's verdict before the person's first verdict change, if they made one. */
  verdict?: { judge: unknown };
}

/** `line#solutionId` (`line#null` for the row's note) → what the kept file's trail says a person did. */
async function humanWorkOf(kept: string, since: string): Promise<Map<string, HumanWork>> {
  const out = new Map<string, HumanWork>();
  for await (const e of new AuditTrail(kept).entries()) {
    if (e.source !== "human" || e.time < since) continue;
    const key = `${e.edit.line}#${e.edit.solutionId}`;
    const earlier = out.get(key)?.query === e.query ? out.get(key) : undefined;
    const work: HumanWork = { ...earlier, query: e.query, author: e.author };
    if (e.edit.type === "set-correct") work.verdict ??= { judge: e.before };
    out.set(key, work);
  }
  return out;
}

async function readKeptRows(
  path: string,
  humanWork: Map<string, HumanWork>,
  fallbackAuthor: string,
): Promise<Map<string, KeptRow>> {
  const rows = new Map<string, KeptRow>();
  const index = await LineIndex.open(path);
  try {
    await index.build();
    for await (const { line, text, view, key } of rowsOf(index)) {
      const block = text.includes('"agentark_studio"') ? blockOf(text) : undefined;
      // Rows with no verdict and no curation (inference rows) have nothing to carry or compare.
      const workOn = (id: number | null) => {
        const work = humanWork.get(`${line}#${id}`);
        return work?.query === view.query ? work : undefined;
      };
      const worked = workOn(null) || view.solutions.some((s) => workOn(s.id));
      if (!block && !worked && view.solutions.every((s) => s.isCorrect === null)) continue;
      const row: KeptRow = { solutions: new Map(), curated: false };
      if (block?.note !== undefined)
        row.note = {
          value: block.note,
          author: workOn(null)?.author ?? fallbackAuthor,
        };
      for (const s of view.solutions) {
        const id = String(s.id);
        const work = workOn(s.id);
        const kept: KeptSolution = {
          textHash: hash(s.text),
          judge: work?.verdict ? asVerdict(work.verdict.judge) : s.isCorrect,
          separator: block?.separators?.[id] ?? block?.separator ?? DEFAULT_SEPARATOR,
          author: work?.author ?? fallbackAuthor,
        };
        if (work?.verdict) kept.verdict = s.isCorrect;
        const labels = block?.step_labels?.[id];
        if (labels?.some((l) => l !== null)) kept.stepLabels = labels;
        const note = block?.notes?.[id];
        if (note !== undefined) kept.note = note;
        row.curated ||= touched(kept);
        row.solutions.set(s.id, kept);
      }
      row.curated ||= row.note !== undefined;
      rows.set(key, row);
    }
  } finally {
    await index.close();
  }
  return rows;
}

function blockOf(text: string) {
  try {
    const line = Buffer.from(text, "utf8");
    return readCurationBlock(line, scanTopLevel(line));
  } catch {
    return undefined;
  }
}

function asVerdict(value: unknown): boolean | null {
  return typeof value === "boolean" ? value : null;
}
