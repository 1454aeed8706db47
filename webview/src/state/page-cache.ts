import type { RecordSummary } from "../../../schemas/src/webview-protocol";

/**
 * The rows of one result set that the webview holds: fixed-size pages, least recently used
 * evicted past `maxPages`, so memory stays flat however long the file is.
 */
export class PageCache {
  private readonly pages = new Map<number, (RecordSummary | undefined)[]>();
  private readonly requested = new Set<number>();

  constructor(
    readonly pageSize: number,
    private readonly maxPages: number,
  ) {}

  get(position: number): RecordSummary | undefined {
    const index = Math.floor(position / this.pageSize);
    const page = this.pages.get(index);
    if (!page) return undefined;
    this.pages.delete(index);
    this.pages.set(index, page);
    return page[position - index * this.pageSize];
  }

  /** Pages covering [start, end) that are neither cached nor already asked for; marks them asked. */
  missing(start: number, end: number): number[] {
    const out: number[] = [];
    if (end <= start) return out;
    const first = Math.floor(start / this.pageSize);
    const last = Math.floor((end - 1) / this.pageSize);
    for (let p = first; p <= last; p++) {
      if (this.pages.has(p) || this.requested.has(p)) continue;
      this.requested.add(p);
      out.push(p);
    }
    return out;
  }

  put(start: number, items: readonly RecordSummary[]): void {
    for (let i = 0; i < items.length; i++) {
      const position = start + i;
      const index = Math.floor(position / this.pageSize);
      let page = this.pages.get(index);
      if (!page) {
        page = [];
        this.pages.set(index, page);
      }
      this.requested.delete(index);
      page[position - index * this.pageSize] = items[i];
    }
    while (this.pages.size > this.maxPages) {
      const oldest = this.pages.keys().next().value;
      if (oldest === undefined) break;
      this.pages.delete(oldest);
    }
  }

  /** Replaces rows for changed lines wherever they are cached. */
  patch(items: readonly RecordSummary[]): boolean {
    const byLine = new Map(items.map((s) => [s.line, s]));
    let changed = false;
    for (const page of this.pages.values()) {
      for (let i = 0; i < page.length; i++) {
        const row = page[i];
        const next = row && byLine.get(row.line);
        if (next) {
          page[i] = next;
          changed = true;
        }
      }
    }
    return changed;
  }

  /** Drops everything (a new result set) or only pages at or past `position` (file grew). */
  clear(fromPosition = 0): void {
    const fromPage = Math.floor(fromPosition / this.pageSize);
    for (const index of [...this.pages.keys()]) if (index >= fromPage) this.pages.delete(index);
    for (const index of [...this.requested]) if (index >= fromPage) this.requested.delete(index);
  }

  get size(): number {
    return this.pages.size;
  }
}
