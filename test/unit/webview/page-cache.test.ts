import { describe, expect, it } from "vitest";
import type { RecordSummary } from "../../../schemas/src/webview-protocol";
import { PageCache } from "../../../webview/src/state/page-cache";

const row = (line: number, correct = 0): RecordSummary => ({
  line,
  kind: "infer",
  queryPreview: `q${line}`,
  solutions: 1,
  correct,
  incorrect: 0,
  unlabeled: 1 - correct,
  stepsLabeled: 0,
  stepsTotal: 0,
  error: false,
  minStepScore: null,
  disagree: false,
});

describe("PageCache", () => {
  it("asks for each missing page once", () => {
    const c = new PageCache(10, 3);
    expect(c.missing(5, 25)).toEqual([0, 1, 2]);
    expect(c.missing(0, 30)).toEqual([]);
    c.put(
      10,
      Array.from({ length: 10 }, (_, i) => row(10 + i)),
    );
    expect(c.get(15)?.line).toBe(15);
    expect(c.get(5)).toBeUndefined();
  });

  it("evicts the least recently used page", () => {
    const c = new PageCache(10, 2);
    c.put(0, [row(0)]);
    c.put(10, [row(10)]);
    c.get(0);
    c.put(20, [row(20)]);
    expect(c.size).toBe(2);
    expect(c.get(10)).toBeUndefined();
    expect(c.get(0)?.line).toBe(0);
    expect(c.missing(10, 11)).toEqual([1]);
  });

  it("patches changed rows by line and clears from a position", () => {
    const c = new PageCache(10, 5);
    c.put(0, [row(0), row(1)]);
    expect(c.patch([row(1, 1)])).toBe(true);
    expect(c.get(1)?.correct).toBe(1);
    expect(c.patch([row(99, 1)])).toBe(false);
    c.put(10, [row(10)]);
    c.clear(10);
    expect(c.get(10)).toBeUndefined();
    expect(c.get(0)).toBeDefined();
  });
});
