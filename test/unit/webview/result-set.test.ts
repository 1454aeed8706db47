import { describe, expect, it } from "vitest";
import {
  EMPTY_FILTER,
  FromWebview,
  type RecordSummary,
} from "../../../schemas/src/webview-protocol";
import { ResultSet } from "../../../webview/src/state/result-set";

const row = (line: number): RecordSummary => ({
  line,
  kind: "infer",
  queryPreview: "",
  solutions: 0,
  correct: 0,
  incorrect: 0,
  unlabeled: 0,
  stepsLabeled: 0,
  stepsTotal: 0,
  error: false,
  minStepScore: null,
  disagree: false,
});

describe("ResultSet", () => {
  it("opens a query, pages it, and ignores answers to older queries", () => {
    const sent: FromWebview[] = [];
    const rs = new ResultSet((m) => sent.push(m), 100, 4);
    rs.start(EMPTY_FILTER);
    expect(sent).toEqual([{ type: "query", queryId: 1, filter: EMPTY_FILTER }]);
    rs.receive({ type: "queryResult", queryId: 1, total: 250, complete: true });
    rs.need(90, 210);
    expect(sent.slice(1)).toEqual([
      { type: "requestPage", queryId: 1, start: 0, count: 100 },
      { type: "requestPage", queryId: 1, start: 100, count: 100 },
      { type: "requestPage", queryId: 1, start: 200, count: 50 },
    ]);
    for (const m of sent) expect(FromWebview.safeParse(m).success).toBe(true);
    rs.need(0, 250);
    expect(sent).toHaveLength(4);
    rs.start({ ...EMPTY_FILTER, errorsOnly: true });
    expect(rs.receive({ type: "page", queryId: 1, start: 0, items: [row(0)] })).toBe(false);
    expect(rs.rowAt(0)).toBeUndefined();
    expect(rs.receive({ type: "queryResult", queryId: 2, total: 3, complete: true })).toBe(true);
    expect(rs.receive({ type: "page", queryId: 2, start: 0, items: [row(7), row(9)] })).toBe(true);
    expect(rs.rowAt(1)?.line).toBe(9);
  });

  it("grows with the index only when unfiltered", () => {
    const rs = new ResultSet(() => undefined);
    rs.start(EMPTY_FILTER);
    rs.receive({ type: "queryResult", queryId: 1, total: 10, complete: false });
    rs.receive({ type: "fileGrew", recordCount: 15 });
    expect(rs.total).toBe(15);
    rs.receive({
      type: "indexProgress",
      index: { recordCount: 20, bytesIndexed: 1, totalBytes: 2, done: false },
    });
    expect(rs.total).toBe(20);
    rs.start({ ...EMPTY_FILTER, text: "x" });
    rs.receive({ type: "queryResult", queryId: 2, total: 4, complete: true });
    rs.receive({ type: "fileGrew", recordCount: 99 });
    expect(rs.total).toBe(4);
  });

  it("asks again for a filter's last page when appended lines add matches", () => {
    const sent: FromWebview[] = [];
    const rs = new ResultSet((m) => sent.push(m), 100, 4);
    rs.start({ ...EMPTY_FILTER, errorsOnly: true });
    rs.receive({ type: "queryResult", queryId: 1, total: 2, complete: true });
    rs.need(0, 2);
    rs.receive({ type: "page", queryId: 1, start: 0, items: [row(3), row(8)] });
    // A running job appended a line that matches: the host sends the new total.
    rs.receive({ type: "queryResult", queryId: 1, total: 3, complete: true });
    expect(rs.total).toBe(3);
    const before = sent.length;
    rs.need(0, 3);
    expect(sent.slice(before)).toEqual([{ type: "requestPage", queryId: 1, start: 0, count: 3 }]);
  });
});
