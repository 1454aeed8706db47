import { describe, expect, it } from "vitest";
import type { RecordView } from "../../../schemas/src/records";
import { EMPTY_FILTER, RecordSummary } from "../../../schemas/src/webview-protocol";
import { makeRecord } from "../../../webview/src/host/fake-records";
import {
  advanceAfterLabel,
  fitCursor,
  moveSolution,
  moveStep,
  START,
} from "../../../webview/src/state/cursor";
import { buildDebateGrid, normalizeAnswer } from "../../../webview/src/state/debate-grid";
import { judgeOf } from "../../../schemas/src/records/judge-of";
import { applyEditToRecord } from "../../../webview/src/state/record-edits";
import {
  matchesRecordFilter,
  matchesSummaryFilter,
  needsLabels,
  previewText,
  summarizeRecord,
} from "../../../webview/src/state/record-summary";
import { cohenKappa, histogram, kappaWords } from "../../../webview/src/state/stats-math";
import {
  buildTree,
  cursorForNode,
  cursorNode,
  pathToFirstLowStep,
  treeKey,
  visibleNodes,
} from "../../../webview/src/state/trajectory-tree";

function record(overrides: Partial<RecordView> = {}): RecordView {
  return { ...makeRecord(7, { agents: 3, rounds: 3, steps: 4 }), ...overrides };
}

const summary = (o: Partial<RecordSummary>): RecordSummary => ({
  line: 0,
  kind: "labeled",
  queryPreview: "q",
  solutions: 2,
  correct: 0,
  incorrect: 0,
  unlabeled: 0,
  stepsLabeled: 0,
  stepsTotal: 0,
  error: false,
  minStepScore: null,
  disagree: false,
  ...o,
});

describe("summaries and filters", () => {
  it("summarizes a record into a valid list row", () => {
    const r = record();
    const s = summarizeRecord(r);
    expect(RecordSummary.safeParse(s).success).toBe(true);
    expect(s.solutions).toBe(3);
    expect(s.correct + s.incorrect + s.unlabeled).toBe(3);
    expect(s.stepsTotal).toBe(12);
  });

  it("collapses whitespace in previews and cuts long ones", () => {
    expect(previewText("a\n\n  b")).toBe("a b");
    expect(previewText("x".repeat(500))).toHaveLength(160);
  });

  it("applies verdict filters as documented", () => {
    const f = (verdict: typeof EMPTY_FILTER.verdict) => ({ ...EMPTY_FILTER, verdict });
    const allOk = summary({ correct: 2 });
    const mixed = summary({ correct: 1, incorrect: 1 });
    const open = summary({ correct: 1, unlabeled: 1 });
    expect(matchesSummaryFilter(allOk, f("correct"), 0)).toBe(true);
    expect(matchesSummaryFilter(mixed, f("correct"), 0)).toBe(false);
    expect(matchesSummaryFilter(mixed, f("mixed"), 0)).toBe(true);
    expect(matchesSummaryFilter(summary({ incorrect: 2 }), f("incorrect"), 0)).toBe(true);
    expect(matchesSummaryFilter(open, f("unlabeled"), 0)).toBe(true);
    expect(matchesSummaryFilter(allOk, f("unlabeled"), 0)).toBe(false);
  });

  it("filters errors, disagreement and low PRM scores", () => {
    const f = EMPTY_FILTER;
    expect(matchesSummaryFilter(summary({}), { ...f, errorsOnly: true }, 0)).toBe(false);
    expect(matchesSummaryFilter(summary({ error: true }), { ...f, errorsOnly: true }, 0)).toBe(
      true,
    );
    expect(matchesSummaryFilter(summary({ disagree: true }), { ...f, disagreeOnly: true }, 0)).toBe(
      true,
    );
    expect(matchesSummaryFilter(summary({ minStepScore: -0.2 }), { ...f, lowPrm: true }, 0)).toBe(
      true,
    );
    expect(matchesSummaryFilter(summary({ minStepScore: 0.2 }), { ...f, lowPrm: true }, 0)).toBe(
      false,
    );
    expect(matchesSummaryFilter(summary({ minStepScore: 0.2 }), { ...f, lowPrm: true }, 0.5)).toBe(
      true,
    );
    expect(matchesSummaryFilter(summary({}), { ...f, lowPrm: true }, 0)).toBe(false);
  });

  it("filters by agent, solution id and text on the record", () => {
    const r = record();
    const s = summarizeRecord(r);
    const f = { ...EMPTY_FILTER, verdict: "any" as const };
    expect(matchesRecordFilter(r, s, { ...f, agent: "agent 2" }, 0)).toBe(true);
    expect(matchesRecordFilter(r, s, { ...f, agent: "agent 9" }, 0)).toBe(false);
    expect(matchesRecordFilter(r, s, { ...f, solutionId: 3 }, 0)).toBe(true);
    expect(matchesRecordFilter(r, s, { ...f, solutionId: 4 }, 0)).toBe(false);
    expect(matchesRecordFilter(r, s, { ...f, text: r.query.slice(5, 20).toUpperCase() }, 0)).toBe(
      true,
    );
    expect(matchesRecordFilter(r, s, { ...f, text: "zzz-not-there" }, 0)).toBe(false);
  });

  it("says which rows still need labels", () => {
    expect(needsLabels(summary({ correct: 2, stepsLabeled: 3, stepsTotal: 3 }))).toBe(false);
    expect(needsLabels(summary({ correct: 1, unlabeled: 1 }))).toBe(true);
    expect(needsLabels(summary({ correct: 2, stepsLabeled: 2, stepsTotal: 3 }))).toBe(true);
  });
});

describe("applyEditToRecord", () => {
  it("sets verdicts, step labels and notes without touching other solutions", () => {
    const r = record();
    const a = applyEditToRecord(r, { type: "set-correct", line: 7, solutionId: 2, value: false });
    expect(a.solutions[1]?.isCorrect).toBe(false);
    expect(a.solutions[0]).toBe(r.solutions[0]);
    const b = applyEditToRecord(a, {
      type: "set-step-label",
      line: 7,
      solutionId: 2,
      step: 1,
      value: "unsure",
    });
    expect(b.solutions[1]?.steps[1]?.label).toBe("unsure");
    expect(b.solutions[1]?.steps[0]).toBe(a.solutions[1]?.steps[0]);
    const c = applyEditToRecord(b, {
      type: "set-note",
      line: 7,
      solutionId: null,
      value: "gt wrong",
    });
    expect(c.note).toBe("gt wrong");
    expect(r.solutions[1]?.isCorrect).not.toBe(undefined); // input untouched
  });

  it("ignores edits for another line", () => {
    const r = record();
    expect(applyEditToRecord(r, { type: "set-correct", line: 8, solutionId: 1, value: true })).toBe(
      r,
    );
  });
});

describe("cursor", () => {
  const r = record();
  it("moves and clamps", () => {
    expect(moveSolution(r, START, -1)).toEqual(START);
    expect(moveSolution(r, START, 5).solution).toBe(2);
    expect(moveStep(r, START, 1).step).toBe(0);
    expect(moveStep(r, { ...START, step: 3 }, 1).step).toBe(3);
    expect(advanceAfterLabel(r, { ...START, step: 1 }).step).toBe(2);
    expect(advanceAfterLabel(r, { ...START, step: 3 }).step).toBe(3);
  });
  it("fits a cursor to a smaller record", () => {
    const small = { ...r, solutions: r.solutions.slice(0, 1) };
    expect(fitCursor(small, { solution: 2, step: 9, turn: null })).toEqual({
      solution: 0,
      step: 3,
      turn: null,
    });
  });
});

describe("debate grid", () => {
  it("normalizes answers", () => {
    expect(normalizeAnswer("\\boxed{ 42 }")).toBe("42");
    expect(normalizeAnswer("$42$.")).toBe("42");
    expect(normalizeAnswer("  ")).toBeNull();
  });

  it("marks answer changes and consensus", () => {
    const r = record();
    const turns = (answers: string[]) =>
      answers.map((answer, i) => ({ agent: `a${i}`, round: 0, text: "", answer, steps: [] }));
    const grid = buildDebateGrid({
      ...r,
      rounds: [
        { index: 0, turns: turns(["1", "2", "3"]) },
        { index: 1, turns: turns(["1", "1", "3"]) },
        { index: 2, turns: turns(["1", "1", "\\boxed{1}"]) },
      ],
    })!;
    expect(grid.agents).toEqual(["a0", "a1", "a2"]);
    expect(grid.consensus).toEqual([null, "1", "1"]);
    expect(grid.cells[1]!.map((c) => c.changed)).toEqual([false, true, false]);
    expect(grid.cells[2]!.map((c) => c.changed)).toEqual([false, false, true]);
    expect(grid.cells[2]!.map((c) => c.consensus)).toEqual([false, false, true]);
    expect(buildDebateGrid({ ...r, rounds: null })).toBeNull();
  });
});

describe("trajectory tree", () => {
  const r = record();
  it("builds query → rounds → turns → steps and query → solutions → steps", () => {
    const t = buildTree(r);
    expect(t.children.map((c) => c.id)).toEqual(["r:0", "r:1", "r:2", "s:0", "s:1", "s:2"]);
    expect(t.children[0]!.children[1]!.children).toHaveLength(4);
  });

  it("opens the path to the first low-scoring step", () => {
    const low = {
      ...r,
      solutions: r.solutions.map((s, i) => ({
        ...s,
        steps: s.steps.map((st, j) => ({ ...st, score: i === 1 && j === 2 ? -0.9 : 0.9 })),
      })),
    };
    expect(pathToFirstLowStep(low, 0)).toEqual(["q", "s:1"]);
    const none = {
      ...low,
      rounds: null,
      solutions: low.solutions.map((s) => ({ ...s, steps: [] })),
    };
    expect(pathToFirstLowStep(none, 0)).toEqual(["q"]);
    // No solution step below the threshold: the first low step in the debate's turns.
    const rounds = (r.rounds ?? []).map((round, ri) => ({
      ...round,
      turns: round.turns.map((t, ti) => ({
        ...t,
        steps: t.steps.map((st, j) => ({
          ...st,
          score: ri === 1 && ti === 2 && j === t.steps.length - 1 ? -0.5 : 0.5,
        })),
      })),
    }));
    expect(rounds[1]?.turns[2]?.steps.length).toBeGreaterThan(0);
    const inDebate = { ...low, rounds, solutions: none.solutions };
    expect(pathToFirstLowStep(inDebate, 0)).toEqual(["q", "r:1", "r:1:2"]);
    expect(pathToFirstLowStep(inDebate, -0.6)).toEqual(["q"]);
  });

  it("maps cursor ↔ node both ways", () => {
    expect(cursorNode(r, { solution: 1, step: 2, turn: null })).toEqual({
      id: "s:1:2",
      open: ["q", "s:1"],
    });
    expect(cursorNode(r, { solution: 0, step: -1, turn: { round: 1, agent: "agent 3" } }).id).toBe(
      "r:1:2",
    );
    expect(cursorForNode(r, "s:2:1", START)).toEqual({ solution: 2, step: 1, turn: null });
    expect(cursorForNode(r, "r:2:0", START)?.turn).toEqual({ round: 2, agent: "agent 1" });
    expect(cursorForNode(r, "q", START)).toBeNull();
  });
});

describe("tree keyboard", () => {
  const r = record();
  const root = buildTree(r);
  it("lists only open nodes", () => {
    expect(visibleNodes(root, new Set()).map((n) => n.id)).toEqual(["q"]);
    expect(visibleNodes(root, new Set(["q", "s:0"])).map((n) => n.id)).toEqual([
      "q",
      "r:0",
      "r:1",
      "r:2",
      "s:0",
      "s:0:0",
      "s:0:1",
      "s:0:2",
      "s:0:3",
      "s:1",
      "s:2",
    ]);
  });

  it("follows the ARIA tree pattern", () => {
    const open = new Set(["q"]);
    expect(treeKey("ArrowDown", "q", root, open)).toEqual({ type: "focus", id: "r:0" });
    expect(treeKey("ArrowUp", "q", root, open)).toEqual({ type: "focus", id: "q" });
    expect(treeKey("ArrowRight", "s:1", root, open)).toEqual({ type: "expand", id: "s:1" });
    expect(treeKey("ArrowRight", "q", root, open)).toEqual({ type: "focus", id: "r:0" });
    expect(treeKey("ArrowLeft", "q", root, open)).toEqual({ type: "collapse", id: "q" });
    expect(treeKey("ArrowLeft", "s:1", root, open)).toEqual({ type: "focus", id: "q" });
    expect(treeKey("End", "q", root, open)).toEqual({ type: "focus", id: "s:2" });
    expect(treeKey("Enter", "s:2", root, open)).toEqual({ type: "select", id: "s:2" });
    expect(treeKey("x", "s:2", root, open)).toBeNull();
  });
});

describe("stats math", () => {
  it("computes Cohen's kappa", () => {
    expect(
      cohenKappa([
        [0, 0],
        [0, 0],
      ]),
    ).toBeNull();
    expect(
      cohenKappa([
        [10, 0],
        [0, 10],
      ]),
    ).toBe(1);
    // Classic example: 20/5/10/15 → κ = 0.4
    expect(
      cohenKappa([
        [20, 5],
        [10, 15],
      ]),
    ).toBeCloseTo(0.4, 10);
    expect(
      cohenKappa([
        [0, 10],
        [10, 0],
      ]),
    ).toBe(-1);
    expect(
      cohenKappa([
        [0, 0],
        [0, 7],
      ]),
    ).toBeNull();
    expect(kappaWords(0.4)).toBe("fair");
  });

  it("bins PRM scores over [-1, 1]", () => {
    expect(histogram([-1, -0.01, 0, 0.99, 1], 4)).toEqual([1, 1, 1, 2]);
  });
});

describe("judgeOf", () => {
  it("reads the judge model from a labeled file's name, and nothing from other names", () => {
    expect(judgeOf("llm_debate_infer_labeled_by_Qwen2.5-72B-Instruct.jsonl")).toBe(
      "Qwen2.5-72B-Instruct",
    );
    expect(judgeOf("llm_debate_infer.jsonl")).toBeNull();
    expect(judgeOf("notes_labeled_by_.jsonl")).toBeNull();
  });
});
