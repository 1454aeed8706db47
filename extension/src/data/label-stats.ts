import { isUtf8 } from "node:buffer";
import { open, stat } from "node:fs/promises";
import type { RecordKind, RecordView } from "../../../schemas/src/records/record-view";
import { isRow, type Row } from "./adapters/row-fields";
import { solutionId, verdict } from "./adapters/labeled-adapter";
import { finalTurns } from "./adapters/trajectory-adapter";
import type { IndexPassOptions } from "./line-index";
import { parseJsonLenient } from "./parse-json-lenient";
import { parseRecord } from "./parse-record";
import { labelStatsParallel, type StatsWorkers } from "./label-stats-parallel";
import { kindOf, shapeOf, trajectoryOf } from "./record-kind";
import { fromLatin1, responseIds } from "./response-ids";
import { agentName } from "./split-solutions";

export interface SolutionTally {
  total: number;
  correct: number;
  incorrect: number;
  unlabeled: number;
}

/** A line that is not a record, 1-based. */
export interface LineProblem {
  line: number;
  message: string;
}

/** Whole-file statistics (lines 1-based). Every record is counted in `kinds` or `malformed`. */
export interface LabelStats {
  bytes: number;
  /** Complete lines (ending in \n), blank ones included. */
  lines: number;
  /** Non-blank complete lines: records, well-formed or not. */
  records: number;
  blank: number;
  /** Bytes after the last \n: a line still being written, not counted. */
  pendingBytes: number;
  bom: boolean;
  /** The first `maxListed` malformed lines; `malformedCount` counts them all. */
  malformed: LineProblem[];
  malformedCount: number;
  /** Lines whose bytes are not valid UTF-8 (shown with U+FFFD; the bytes are kept on save). */
  invalidUtf8: number[];
  invalidUtf8Count: number;
  kinds: Record<RecordKind, number>;
  /** Rows whose `error` is set: the method raised (sequential inference). */
  errors: number;
  solutions: SolutionTally;
  /** Per solution id (`1`..`6` in llm_debate) and per agent (`agent 3`, `aggregator`). */
  byId: Record<string, SolutionTally>;
  byAgent: Record<string, SolutionTally>;
}

export interface LabelStatsOptions extends IndexPassOptions {
  /** How many malformed and invalid-UTF-8 lines to list (all are counted). Default 1000. */
  maxListed?: number;
  /** Count a large file on this many threads, in worker threads that load `script`. */
  workers?: StatsWorkers;
  /**
   * Key solutions without an agent name by id (`solution 3`), as the curation editor's Stats
   * view does, instead of one `(single answer)` entry (the CLI's `inspect`).
   */
  unnamedAgentsById?: boolean;
}

// Below this a worker's start-up costs more than it saves.
export const PARALLEL_MIN = 64 * 1024 * 1024;

const READ = 8 * 1024 * 1024;
// Lines are turned into latin1 strings a slice at a time, so the copy is still in cache when
// JSON.parse reads it (1 MiB slices measured faster than 16 MiB ones).
const SLICE = 1024 * 1024;
const SINGLE = "(single answer)";

/**
 * Counts records, kinds, malformed lines and solution verdicts in one streaming pass, with no
 * RecordView built and no UTF-8 decoded. Each chunk becomes a latin1 string (one char per byte,
 * a copy) and each line goes to JSON.parse as is: JSON's syntax is ASCII, so the parse succeeds
 * or fails exactly as on the decoded line, and its strings stay one-byte, which V8 parses several
 * times faster than UTF-16 ones. Only ASCII facts are read from them (booleans, ids, headers);
 * agent names are decoded. A validating scanner that skipped strings without building them was
 * tried and measured slower than this on the bench's files (its per-token work costs more than
 * V8's JSON.parse). Malformed lines and odd shapes go through parseRecord, so every figure
 * equals parsing each line with parseRecord.
 */
export async function labelStats(
  path: string,
  options: LabelStatsOptions = {},
): Promise<LabelStats> {
  const total = (await stat(path)).size;
  const { workers } = options;
  if (workers && workers.count > 1 && total >= PARALLEL_MIN)
    return labelStatsParallel(path, total, workers, options);
  return labelStatsOfRange(path, 0, total, options);
}

/**
 * Statistics of the lines in bytes [start, end) of the file: `start` is a line start and `end`
 * a line end or the file's end. Line numbers in the result count from `start`.
 */
export async function labelStatsOfRange(
  path: string,
  start: number,
  end: number,
  options: LabelStatsOptions = {},
): Promise<LabelStats> {
  const fh = await open(path, "r");
  try {
    const tally = new StatsBuilder(options.maxListed ?? 1000, options.unnamedAgentsById ?? false);
    // Two buffers: the next read runs on the thread pool while this chunk is counted.
    const size = Math.min(READ, Math.max(end - start, 16));
    const buffers: [Buffer, Buffer] = [Buffer.allocUnsafe(size), Buffer.allocUnsafe(size)];
    const readAt = (k: number, pos: number) =>
      fh.read(buffers[k % 2 === 0 ? 0 : 1], 0, Math.min(size, end - pos), pos);
    let carry: Buffer = Buffer.alloc(0);
    let line = 0;
    let pos = start;
    let pending = end > start ? readAt(0, start) : null;
    for (let k = 0; pending; k++) {
      options.signal?.throwIfAborted();
      const { bytesRead, buffer } = await pending;
      pending = null;
      if (bytesRead === 0) break;
      let from = 0;
      if (
        pos === 0 &&
        bytesRead >= 3 &&
        buffer[0] === 0xef &&
        buffer[1] === 0xbb &&
        buffer[2] === 0xbf
      ) {
        tally.stats.bom = true;
        from = 3;
      }
      pos += bytesRead;
      if (pos < end) pending = readAt(k + 1, pos);
      const chunk = buffer.subarray(0, bytesRead);
      const firstNl = chunk.indexOf(0x0a, from);
      if (firstNl < 0) {
        carry = Buffer.concat([carry, chunk.subarray(from)]);
      } else {
        if (carry.length > 0) {
          const joined = Buffer.concat([carry, chunk.subarray(from, firstNl + 1)]);
          line = tally.addLines(joined, 0, joined.length, line);
          from = firstNl + 1;
        }
        const lastNl = chunk.lastIndexOf(0x0a);
        line = tally.addLines(chunk, from, lastNl + 1, line);
        carry = Buffer.from(chunk.subarray(lastNl + 1));
      }
      options.onProgress?.({ bytesDone: pos - start, totalBytes: end - start, lines: line });
    }
    tally.stats.bytes = pos - start;
    tally.stats.pendingBytes = carry.length;
    return tally.finish();
  } finally {
    await fh.close();
  }
}

/** Statistics of nothing yet: what a pass or a merge of passes starts from. */
export function emptyLabelStats(): LabelStats {
  return {
    bytes: 0,
    lines: 0,
    records: 0,
    blank: 0,
    pendingBytes: 0,
    bom: false,
    malformed: [],
    malformedCount: 0,
    invalidUtf8: [],
    invalidUtf8Count: 0,
    kinds: { infer: 0, labeled: 0, trajectory: 0, unknown: 0 },
    errors: 0,
    solutions: tallyOf(),
    byId: {},
    byAgent: {},
  };
}

/** The statistics of single lines, each given without its terminator (line numbers from 0). */
export function labelStatsOfLines(
  lines: readonly Buffer[],
  options: Pick<LabelStatsOptions, "maxListed" | "unnamedAgentsById"> = {},
): LabelStats {
  const tally = new StatsBuilder(options.maxListed ?? 1000, options.unnamedAgentsById ?? false);
  lines.forEach((content, i) => {
    const line = Buffer.concat([content, NEWLINE]);
    tally.addLines(line, 0, line.length, i);
    tally.stats.bytes += line.length;
  });
  tally.stats.lines = lines.length;
  return tally.finish();
}

/**
 * Adds `from`'s counts and tallies into `into`, or takes them out (`sign` -1: the lines of `from`
 * are no longer counted). The malformed and invalid-UTF-8 lists, which need line numbers, are
 * left to the caller; a tally that falls to nothing is dropped.
 */
export function addLabelCounts(into: LabelStats, from: LabelStats, sign: 1 | -1 = 1): void {
  into.bytes += sign * from.bytes;
  into.lines += sign * from.lines;
  into.records += sign * from.records;
  into.blank += sign * from.blank;
  into.malformedCount += sign * from.malformedCount;
  into.invalidUtf8Count += sign * from.invalidUtf8Count;
  into.errors += sign * from.errors;
  for (const kind of Object.keys(into.kinds) as RecordKind[])
    into.kinds[kind] += sign * from.kinds[kind];
  addTally(into.solutions, from.solutions, sign);
  for (const by of ["byId", "byAgent"] as const) {
    for (const [key, t] of Object.entries(from[by])) {
      const tally = (into[by][key] ??= tallyOf());
      addTally(tally, t, sign);
      if (tally.total === 0) delete into[by][key];
    }
  }
}

function addTally(into: SolutionTally, from: SolutionTally, sign: 1 | -1): void {
  into.total += sign * from.total;
  into.correct += sign * from.correct;
  into.incorrect += sign * from.incorrect;
  into.unlabeled += sign * from.unlabeled;
}

const NEWLINE = Buffer.from("\n");

class StatsBuilder {
  readonly stats: LabelStats = emptyLabelStats();

  constructor(
    private readonly maxListed: number,
    private readonly unnamedById: boolean,
  ) {}

  /** Counts the complete lines in buf[from, to); returns the next 0-based line number. */
  addLines(buf: Buffer, from: number, to: number, line: number): number {
    while (from < to) {
      let stop = buf.lastIndexOf(0x0a, Math.min(from + SLICE, to) - 1) + 1;
      if (stop <= from) stop = buf.indexOf(0x0a, from) + 1;
      line = this.addSlice(buf, from, stop, line);
      from = stop;
    }
    return line;
  }

  private addSlice(buf: Buffer, from: number, to: number, line: number): number {
    const text = buf.toString("latin1", from, to);
    const utf8 = isUtf8(buf.subarray(from, to));
    let start = 0;
    while (start < text.length) {
      const nl = text.indexOf("\n", start);
      if (!utf8 && !isUtf8(buf.subarray(from + start, from + nl))) this.invalidUtf8(line);
      const end = nl > start && text.charCodeAt(nl - 1) === 0x0d ? nl - 1 : nl;
      if (isBlank(text, start, end)) this.stats.blank++;
      else {
        this.stats.records++;
        const json = parseJsonLenient(text.slice(start, end));
        if (json.ok && isRow(json.value)) this.addRow(json.value);
        else this.addView(parseRecord(line, buf.toString("utf8", from + start, from + end)));
      }
      line++;
      start = nl + 1;
    }
    this.stats.lines = line;
    return line;
  }

  finish(): LabelStats {
    return this.stats;
  }

  /** A row whose strings are latin1: the same counts as parseRecord's view of it. */
  private addRow(row: Row): void {
    const trajectory = trajectoryOf(row);
    const kind = kindOf(shapeOf(row, trajectory));
    this.stats.kinds[kind]++;
    if (kind !== "labeled" && row.error !== undefined && row.error !== null) this.stats.errors++;
    if (trajectory) {
      const agents = finalTurns(trajectory).map((t) => t.agent);
      if (trajectory.final) agents.push(trajectory.final.agent ?? "aggregator");
      agents.forEach((agent, i) => this.addSolution(i + 1, fromLatin1(agent), null));
    } else if (kind === "infer" && row.response !== undefined && row.response !== null) {
      if (typeof row.response !== "string") {
        this.addSolution(1, null, null);
        return;
      }
      const ids = responseIds(row.response);
      for (const id of ids) this.addSolution(id, agentName(id, ids.length), null);
    } else if (kind === "labeled" && Array.isArray(row.solutions)) {
      const labels = Array.isArray(row.labels) ? (row.labels as unknown[]) : [];
      const list = row.solutions as unknown[];
      list.forEach((item, i) => {
        const s = isRow(item) ? item : {};
        const id = solutionId(s, i);
        this.addSolution(id, agentName(id, list.length), verdict(labels[i], s.is_correct));
      });
    }
  }

  private addView(view: RecordView): void {
    if (view.malformed !== null) {
      this.stats.malformedCount++;
      if (this.stats.malformed.length < this.maxListed)
        this.stats.malformed.push({ line: view.line + 1, message: view.malformed });
      return;
    }
    this.stats.kinds[view.kind]++;
    if (view.error !== null) this.stats.errors++;
    for (const s of view.solutions) this.addSolution(s.id, s.agent, s.isCorrect);
  }

  private addSolution(id: number, agent: string | null, isCorrect: boolean | null): void {
    const idKey = String(id);
    const agentKey = agent ?? (this.unnamedById ? `solution ${id}` : SINGLE);
    for (const t of [
      this.stats.solutions,
      (this.stats.byId[idKey] ??= tallyOf()),
      (this.stats.byAgent[agentKey] ??= tallyOf()),
    ]) {
      t.total++;
      if (isCorrect === true) t.correct++;
      else if (isCorrect === false) t.incorrect++;
      else t.unlabeled++;
    }
  }

  private invalidUtf8(line: number): void {
    this.stats.invalidUtf8Count++;
    if (this.stats.invalidUtf8.length < this.maxListed) this.stats.invalidUtf8.push(line + 1);
  }
}

export function tallyOf(): SolutionTally {
  return { total: 0, correct: 0, incorrect: 0, unlabeled: 0 };
}

/** Only spaces, tabs and \r, as LineIndex marks blank lines. */
function isBlank(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}
