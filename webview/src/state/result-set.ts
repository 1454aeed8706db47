import {
  EMPTY_FILTER,
  MAX_PAGE,
  type FromWebview,
  type RecordFilter,
  type RecordSummary,
  type ToWebview,
} from "../../../schemas/src/webview-protocol";
import { PageCache } from "./page-cache";
import { isEmptyFilter } from "./record-summary";

/**
 * The webview's side of one filtered result set: which query is current, how many rows it has
 * so far, and the pages of it the list has asked for. Never more than `maxPages` pages.
 */
export class ResultSet {
  filter: RecordFilter = EMPTY_FILTER;
  queryId = 0;
  total = 0;
  complete = false;
  /** Bumped whenever rows change, so the list knows to redraw. */
  revision = 0;
  private readonly cache: PageCache;

  constructor(
    private readonly post: (m: FromWebview) => void,
    readonly pageSize = 200,
    maxPages = 40,
  ) {
    this.cache = new PageCache(Math.min(pageSize, MAX_PAGE), maxPages);
  }

  /** Opens a new result set; answers for older ones are ignored from now on. */
  start(filter: RecordFilter): void {
    this.filter = filter;
    this.queryId++;
    this.cache.clear();
    this.revision++;
    this.total = 0;
    this.complete = false;
    this.post({ type: "query", queryId: this.queryId, filter });
  }

  rowAt(position: number): RecordSummary | undefined {
    return this.cache.get(position);
  }

  /** Asks for the pages of [start, end) not cached or asked for yet. */
  need(start: number, end: number): void {
    const size = this.cache.pageSize;
    for (const page of this.cache.missing(start, Math.min(end, this.total))) {
      const from = page * size;
      const count = Math.min(size, this.total - from);
      if (count > 0) this.post({ type: "requestPage", queryId: this.queryId, start: from, count });
    }
  }

  /** Applies a host message that concerns the result set; true when something changed. */
  receive(m: ToWebview): boolean {
    switch (m.type) {
      case "queryResult":
        if (m.queryId !== this.queryId) return false;
        // More matches (a running scan, or lines a job appended): a partly filled last page.
        if (m.total > this.total) this.cache.clear(this.total);
        this.total = m.total;
        this.complete = m.complete;
        return true;
      case "page":
        if (m.queryId !== this.queryId) return false;
        this.cache.put(m.start, m.items);
        this.revision++;
        return true;
      case "summaries":
        if (!this.cache.patch(m.items)) return false;
        this.revision++;
        return true;
      case "indexProgress":
        return this.grow(m.index.recordCount);
      case "fileGrew":
        return this.grow(m.recordCount);
      default:
        return false;
    }
  }

  /** Without a filter the result set is the file, so it grows with the index. */
  private grow(recordCount: number): boolean {
    if (!isEmptyFilter(this.filter) || recordCount <= this.total) return false;
    this.cache.clear(this.total); // a partly filled last page
    this.total = recordCount;
    this.revision++;
    return true;
  }
}
