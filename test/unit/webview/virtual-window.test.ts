import { describe, expect, it } from "vitest";
import {
  computeWindow,
  rowAtScroll,
  scrollTopForRow,
  type WindowInput,
} from "../../../webview/src/state/virtual-window";

const base: WindowInput = {
  count: 1_000_000,
  rowHeight: 44,
  viewportHeight: 880,
  scrollTop: 0,
  overscan: 8,
  maxSpacer: 8_000_000,
};

describe("computeWindow", () => {
  it("draws only the rows in view plus overscan", () => {
    const w = computeWindow(base);
    expect(w.start).toBe(0);
    expect(w.end).toBe(21 + 8);
    expect(w.spacerHeight).toBe(8_000_000);
  });

  it("reaches the last row of a million at the end of a capped spacer", () => {
    const end = { ...base, scrollTop: 8_000_000 - 880 };
    const w = computeWindow(end);
    expect(w.end).toBe(1_000_000);
    expect(Math.floor(rowAtScroll(end))).toBe(1_000_000 - 20);
    // The last row's bottom is the spacer's bottom.
    expect(w.offset + (w.end - w.start) * 44).toBeCloseTo(8_000_000, 0);
  });

  it("keeps the window size flat anywhere in the list", () => {
    for (const f of [0, 0.1, 0.5, 0.9999, 1]) {
      const w = computeWindow({ ...base, scrollTop: f * (8_000_000 - 880) });
      expect(w.end - w.start).toBeLessThanOrEqual(21 + 16 + 1);
    }
  });

  it("maps 1:1 when the list fits", () => {
    const small = { ...base, count: 100, scrollTop: 440 };
    expect(computeWindow(small).start).toBe(2);
    expect(computeWindow(small).spacerHeight).toBe(4400);
    expect(rowAtScroll(small)).toBe(10);
  });

  it("handles an empty list", () => {
    expect(computeWindow({ ...base, count: 0 })).toEqual({
      spacerHeight: 0,
      start: 0,
      end: 0,
      offset: 0,
    });
  });
});

describe("scrollTopForRow", () => {
  it("scrolls the least needed to show a row", () => {
    const small = { ...base, count: 100 };
    expect(scrollTopForRow(5, small)).toBe(0);
    expect(scrollTopForRow(30, small)).toBeCloseTo((31 - 20) * 44, 6);
    const at = { ...small, scrollTop: 2000 };
    expect(scrollTopForRow(0, at)).toBe(0);
  });

  it("lands on the row in a scaled list", () => {
    const top = scrollTopForRow(600_000, base);
    const row = rowAtScroll({ ...base, scrollTop: top });
    expect(row).toBeGreaterThan(600_000 - 20);
    expect(row).toBeLessThanOrEqual(600_000);
  });
});
