import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { labelStats, labelStatsOfRange } from "../../../extension/src/data/label-stats";
import { responseIds } from "../../../extension/src/data/response-ids";
import { mergeStats } from "../../../extension/src/data/label-stats-parallel";
import { parseRecord } from "../../../extension/src/data/parse-record";
import { splitSolutions } from "../../../extension/src/data/split-solutions";
import { HTTP_INFER, INFER, LABELED, sampleLines, TRAJECTORY } from "./samples";
import { tmpFile } from "./tmp-file";

/** The same figures from parseRecord on every line: what labelStats must equal. */
function expected(lines: string[]) {
  const kinds = { infer: 0, labeled: 0, trajectory: 0, unknown: 0 };
  const solutions = { total: 0, correct: 0, incorrect: 0, unlabeled: 0 };
  const byAgent: Record<string, number> = {};
  let malformed = 0;
  let errors = 0;
  lines.forEach((text, i) => {
    if (!text.replace(/[ \t\r]/g, "")) return;
    const view = parseRecord(i, text.replace(/\r$/, ""));
    if (view.malformed !== null) return void malformed++;
    kinds[view.kind]++;
    if (view.error !== null) errors++;
    for (const s of view.solutions) {
      solutions.total++;
      if (s.isCorrect === true) solutions.correct++;
      else if (s.isCorrect === false) solutions.incorrect++;
      else solutions.unlabeled++;
      const agent = s.agent ?? "(single answer)";
      byAgent[agent] = (byAgent[agent] ?? 0) + 1;
    }
  });
  return { kinds, solutions, byAgent, malformed, errors };
}

describe("labelStats", () => {
  it.each([INFER, HTTP_INFER, LABELED, TRAJECTORY])(
    "equals parseRecord line by line on %s",
    async (file) => {
      const stats = await labelStats(file);
      const want = expected(sampleLines(file));
      expect(stats.kinds).toEqual(want.kinds);
      expect(stats.solutions).toEqual(want.solutions);
      expect(stats.malformedCount).toBe(want.malformed);
      expect(stats.errors).toBe(want.errors);
      expect(
        Object.fromEntries(Object.entries(stats.byAgent).map(([a, t]) => [a, t.total])),
      ).toEqual(want.byAgent);
    },
  );

  it("counts the labeled sample's verdicts per agent", async () => {
    const stats = await labelStats(LABELED);
    expect(stats.records).toBe(35);
    expect(stats.kinds.labeled).toBe(35);
    expect(stats.solutions.total).toBe(210);
    expect(stats.solutions.unlabeled).toBe(0);
    expect(stats.solutions.correct + stats.solutions.incorrect).toBe(210);
    expect(Object.keys(stats.byAgent).sort()).toEqual([
      "agent 1",
      "agent 2",
      "agent 3",
      "agent 4",
      "agent 5",
      "aggregator",
    ]);
    expect(stats.byId["6"]).toEqual(stats.byAgent.aggregator);
  });

  it("reports every kind of bad line with its 1-based line number, and counts the rest", async () => {
    const good = JSON.stringify({
      query: "q",
      solutions: [{ id: 1, text: "t", is_correct: true }],
      labels: [false],
    });
    const nan = '{"query": "n", "response": "Solution 1:\\nx", "score": NaN}';
    const big = JSON.stringify({ query: "big", response: "y".repeat(20 * 1024 * 1024) });
    const bytes = Buffer.concat([
      Buffer.from("\ufeff"),
      Buffer.from(`${good}\r\n`), // 1
      Buffer.from("\n"), // 2 blank
      Buffer.from('{"query": "broken",\n'), // 3
      Buffer.from("[1, 2]\n"), // 4
      Buffer.from(`${nan}\n`), // 5
      Buffer.from('{"query": "bad '), // 6: invalid UTF-8 in a string
      Buffer.from([0xff]),
      Buffer.from('", "error": "boom"}\n'),
      Buffer.from(`${big}\n`), // 7
      Buffer.from('{"query": "last", "resp'), // pending: no \n yet
    ]);
    const stats = await labelStats(tmpFile(bytes));
    expect(stats).toMatchObject({
      bom: true,
      lines: 7,
      records: 6,
      blank: 1,
      pendingBytes: 23,
      malformedCount: 2,
      invalidUtf8: [6],
      invalidUtf8Count: 1,
      kinds: { infer: 3, labeled: 1, trajectory: 0, unknown: 0 },
      errors: 1,
      solutions: { total: 3, correct: 0, incorrect: 1, unlabeled: 2 },
    });
    expect(stats.malformed.map((m) => m.line)).toEqual([3, 4]);
    expect(stats.malformed[1]?.message).toBe("not a JSON object: array");
  });

  it("reads an empty file as nothing", async () => {
    const stats = await labelStats(tmpFile(""));
    expect(stats).toMatchObject({
      lines: 0,
      records: 0,
      bytes: 0,
      pendingBytes: 0,
      malformedCount: 0,
    });
  });

  it("lists at most maxListed malformed lines but counts them all", async () => {
    const stats = await labelStats(tmpFile("x\n".repeat(50)), { maxListed: 3 });
    expect(stats.malformedCount).toBe(50);
    expect(stats.malformed.map((m) => m.line)).toEqual([1, 2, 3]);
  });

  it("finds the solution ids label.py gives, from a latin1 view of the response", () => {
    const latin1 = (s: string) => Buffer.from(s, "utf8").toString("latin1");
    const cases = [
      "===== Solution 1 =====\na\n===== Solution 2 =====\n\u00a0\n===== Solution 3 =====\nc",
      "===== Solution 1 =====\nà\n===== Solution 4 =====\n  \n",
      "x Solution 3:\nq\nSolution 9: r",
      "one answer, no header",
      "",
    ];
    for (const text of cases)
      expect(responseIds(latin1(text))).toEqual(splitSolutions(text).map((p) => p.id));
  });
});

describe("labelStats in ranges (what worker threads count)", () => {
  it("merges the ranges of a file into the one-pass result, line numbers file-wide", async () => {
    const lines = [...sampleLines(TRAJECTORY), "broken", ...sampleLines(INFER), "[]", ""];
    const file = tmpFile(`\ufeff${lines.join("\n")}\n{"partial`);
    const whole = await labelStats(file);
    const bytes = readFileSync(file);
    const cut = bytes.indexOf(0x0a, Math.floor(bytes.length / 2)) + 1;
    const parts = [
      await labelStatsOfRange(file, 0, cut),
      await labelStatsOfRange(file, cut, bytes.length),
    ];
    expect(parts[0]!.records).toBeGreaterThan(0);
    expect(parts[1]!.records).toBeGreaterThan(0);
    expect(mergeStats(parts, 1000)).toEqual(whole);
    expect(whole.malformed.map((m) => m.line)).toEqual([25, 62]);
    expect(whole).toMatchObject({ bom: true, blank: 1, pendingBytes: 9 });
  });
});
