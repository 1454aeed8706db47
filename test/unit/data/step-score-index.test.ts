import { describe, expect, it } from "vitest";
import { StepScoreIndex } from "../../../extension/src/data/step-score-index";
import { LABELED, sampleLines, STEP_SCORES } from "./samples";
import { tmpFile } from "./tmp-file";

describe("StepScoreIndex", () => {
  it("loads the sample sidecar, keyed by query and solution id", async () => {
    const scores = await StepScoreIndex.load(STEP_SCORES);
    expect(scores.size).toBe(35 * 6);
    expect(scores.problems).toEqual([]);
    const first = JSON.parse(sampleLines(LABELED)[0]!) as { query: string };
    const line = scores.get(first.query, 6);
    expect(line?.separator).toBe("\n\n");
    expect(line?.scores.every((s) => s >= -1 && s <= 1)).toBe(true);
    expect(scores.get(first.query, 7)).toBeUndefined();
    expect(scores.get("another query", 6)).toBeUndefined();
  });

  it("skips lines it cannot use (a NaN score too), saying why, and lets a later line win", async () => {
    const file = tmpFile(
      [
        JSON.stringify({ query: "q", solution_id: 1, separator: "\n\n", scores: [0.1] }),
        "{broken",
        JSON.stringify({ query: "q", solution_id: "1", separator: "\n\n", scores: [] }),
        "",
        JSON.stringify({
          query: "q",
          solution_id: 1,
          separator: "\n\n",
          scores: [0.7, NaN],
        }).replace("null", "NaN"),
        JSON.stringify({ query: "q", solution_id: 1, separator: "\n\n", scores: [0.7, 0.2] }),
      ].join("\n") + "\n",
      "x.step-scores.jsonl",
    );
    const scores = await StepScoreIndex.load(file);
    expect(scores.problems.map((p) => p.line)).toEqual([2, 3, 5]);
    expect(scores.get("q", 1)?.scores).toEqual([0.7, 0.2]);
  });
});
