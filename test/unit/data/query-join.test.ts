import { describe, expect, it } from "vitest";
import { joinLabels } from "../../../extension/src/data/join-labels";
import { LineIndex } from "../../../extension/src/data/line-index";
import { parseRecord } from "../../../extension/src/data/parse-record";
import { QueryIndex } from "../../../extension/src/data/query-index";
import { INFER, LABELED, sampleLines } from "./samples";

describe("QueryIndex", () => {
  it("keeps the first line of a repeated query and counts the repeats", () => {
    const index = QueryIndex.fromLines([
      JSON.stringify({ query: "a" }),
      JSON.stringify({ query: "b" }),
      JSON.stringify({ query: "a", gt: 2 }),
      "not json",
      "",
      JSON.stringify({ prompt: "no query" }),
      JSON.stringify({ query: "a" }),
    ]);
    expect(index.lineOf("a")).toBe(0);
    expect(index.lineOf("b")).toBe(1);
    expect(index.lineOf("c")).toBeUndefined();
    expect(index).toMatchObject({ size: 2, duplicates: 2, missing: 3 });
  });

  it("matches a query written with \\u escapes to the same query written raw", () => {
    const index = QueryIndex.fromLines(['{"query": "caf\\u00e9 \\u00d7 2"}']);
    expect(index.lineOf("café × 2")).toBe(0);
  });
});

describe("joining an inference file and its labeled file by query", () => {
  it("gives every answered inference row the verdicts of its labeled row", async () => {
    const lines = await LineIndex.open(LABELED);
    await lines.build();
    const queries = await QueryIndex.build(lines);
    expect(queries.size).toBe(35);
    expect(queries.duplicates).toBe(0);
    let joined = 0;
    for (const [i, text] of sampleLines(INFER).entries()) {
      const infer = parseRecord(i, text);
      const at = queries.lineOf(infer.query);
      if (infer.error !== null) {
        expect(at).toBeUndefined();
        continue;
      }
      expect(at).toBeDefined();
      const labeled = parseRecord(at!, await lines.readLine(at!));
      const view = joinLabels(infer, labeled);
      expect(view.solutions.map((s) => s.isCorrect)).toEqual(
        labeled.solutions.map((s) => s.isCorrect),
      );
      expect(view.solutions.map((s) => s.text)).toEqual(
        labeled.solutions.map((s) => s.text.trim()),
      );
      joined++;
    }
    expect(joined).toBe(35);
    await lines.close();
  });

  it("leaves a row unlabeled when there is no labeled row or it is malformed", () => {
    const infer = parseRecord(0, JSON.stringify({ query: "q", response: "x" }));
    expect(joinLabels(infer, null)).toBe(infer);
    expect(joinLabels(infer, parseRecord(0, "oops"))).toBe(infer);
  });
});
