import { createHash } from "node:crypto";
import { stat } from "node:fs/promises";
import { StepScoreLine } from "../../../schemas/src/records/step-scores";
import { LineIndex } from "./line-index";
import { parseJsonLenient } from "./parse-json-lenient";

/** Looks up the scores of one solution: what the adapters need from a sidecar. */
export interface StepScoreLookup {
  get(query: string, solutionId: number): StepScoreLine | undefined;
}

/** A sidecar line that could not be used, 1-based. */
export interface SidecarProblem {
  line: number;
  message: string;
}

/** A file's size and modification time when it was read: whether it changed since. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
}

/** A sidecar that no longer holds what the editor loaded (a PRM run wrote it since). */
export class SidecarChangedError extends Error {
  constructor(path: string) {
    super(`the step-score sidecar ${path} changed since the editor loaded it`);
    this.name = "SidecarChangedError";
  }
}

/** The file's stamp now; undefined when there is no file. */
export async function stampOf(path: string): Promise<FileStamp | undefined> {
  const s = await stat(path).catch(() => undefined);
  return s?.isFile() ? { size: s.size, mtimeMs: s.mtimeMs } : undefined;
}

export function sameStamp(a: FileStamp | undefined, b: FileStamp | undefined): boolean {
  return a === b || (!!a && !!b && a.size === b.size && a.mtimeMs === b.mtimeMs);
}

/**
 * The `.step-scores.jsonl` sidecar of a result file (schemas/src/records/step-scores.ts), keyed by
 * query + solution_id. Queries are kept as SHA-1 digests: a long prompt costs 20 bytes, not its
 * length. When a solution is scored twice, the later line wins (a re-run appends).
 */
export class StepScoreIndex implements StepScoreLookup {
  private readonly byKey = new Map<string, StepScoreLine>();
  readonly problems: SidecarProblem[] = [];

  /** The sidecar's stamp just before it was read (loaded from a file). */
  stamp: FileStamp | undefined;

  get size(): number {
    return this.byKey.size;
  }

  static async load(path: string, signal?: AbortSignal): Promise<StepScoreIndex> {
    const index = new StepScoreIndex();
    index.stamp = await stampOf(path);
    const lines = await LineIndex.open(path);
    try {
      await lines.build({ signal });
      for (let from = 0; from < lines.lineCount; from += BATCH) {
        signal?.throwIfAborted();
        (await lines.readLines(from, BATCH)).forEach((text, k) => index.add(from + k + 1, text));
      }
    } finally {
      await lines.close();
    }
    return index;
  }

  /**
   * Loads the sidecar only if it is still what was loaded as `stamp`, before and after the read:
   * a worker thread then scores records as the editor does. Throws SidecarChangedError otherwise.
   */
  static async loadAsOf(path: string, stamp: FileStamp): Promise<StepScoreIndex> {
    if (!sameStamp(await stampOf(path), stamp)) throw new SidecarChangedError(path);
    const index = await StepScoreIndex.load(path);
    if (!sameStamp(await stampOf(path), stamp)) throw new SidecarChangedError(path);
    return index;
  }

  static fromLines(lines: readonly string[]): StepScoreIndex {
    const index = new StepScoreIndex();
    lines.forEach((text, i) => index.add(i + 1, text));
    return index;
  }

  get(query: string, solutionId: number): StepScoreLine | undefined {
    return this.byKey.get(key(query, solutionId));
  }

  private add(line: number, text: string): void {
    if (!text.trim()) return;
    const json = parseJsonLenient(text);
    if (!json.ok) {
      this.problems.push({ line, message: json.message });
      return;
    }
    const parsed = StepScoreLine.safeParse(json.value);
    if (!parsed.success) {
      this.problems.push({ line, message: parsed.error.issues[0]?.message ?? "not a score line" });
      return;
    }
    this.byKey.set(key(parsed.data.query, parsed.data.solution_id), parsed.data);
  }
}

const BATCH = 1024;

function key(query: string, solutionId: number): string {
  return `${createHash("sha1").update(query).digest("base64")}:${solutionId}`;
}
