import { createHash } from "node:crypto";
import { asText, isRow } from "./adapters/row-fields";
import type { IndexPassOptions, LineIndex } from "./line-index";
import { parseJsonLenient } from "./parse-json-lenient";

const BATCH = 512;

/**
 * Line of each `query` in a result file: how an inference row finds its labeled row, since
 * label.py keeps no row index and AgentArk joins on `query` (agentark-reference.md §4.4). When a
 * query repeats, the first line wins and the others are counted. Queries are kept as SHA-1
 * digests, so a file of long prompts costs ~60 bytes a row.
 */
export class QueryIndex {
  private readonly lines = new Map<string, number>();
  /** Lines whose query an earlier line already had. */
  duplicates = 0;
  /** Lines with no readable `query` (malformed, blank, or no such field). */
  missing = 0;

  get size(): number {
    return this.lines.size;
  }

  /** Reads every indexed line of `index` (build it first) once. */
  static async build(index: LineIndex, options: IndexPassOptions = {}): Promise<QueryIndex> {
    const queries = new QueryIndex();
    await queries.addLines(index, 0, options);
    return queries;
  }

  /** Reads the indexed lines of `index` from line `start` on: what a writer appended since. */
  async addLines(index: LineIndex, start: number, options: IndexPassOptions = {}): Promise<void> {
    const end = index.lineCount;
    for (let from = start; from < end; from += BATCH) {
      options.signal?.throwIfAborted();
      const texts = await index.readLines(from, Math.min(BATCH, end - from));
      texts.forEach((text, k) => this.add(from + k, text));
      options.onProgress?.({
        bytesDone: index.span(from + texts.length - 1).end + 1,
        totalBytes: index.indexedBytes,
        lines: from + texts.length,
      });
    }
  }

  static fromLines(texts: readonly string[]): QueryIndex {
    const queries = new QueryIndex();
    texts.forEach((text, line) => queries.add(line, text));
    return queries;
  }

  /** 0-based line of the first row asking `query`. */
  lineOf(query: string): number | undefined {
    return this.lines.get(digest(query));
  }

  private add(line: number, text: string): void {
    const json = text.trim() ? parseJsonLenient(text) : null;
    const query = json?.ok && isRow(json.value) ? asText(json.value.query) : null;
    if (query === null) {
      this.missing++;
      return;
    }
    const key = digest(query);
    if (this.lines.has(key)) this.duplicates++;
    else this.lines.set(key, line);
  }
}

function digest(query: string): string {
  return createHash("sha1").update(query).digest("base64");
}
