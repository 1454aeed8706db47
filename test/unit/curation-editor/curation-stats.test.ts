// The Stats view's figures for records whose every figure is worked out by hand: verdicts per
// agent and per solution id, label progress, the PRM histogram's bins, answer changes between
// rounds, and judge vs human agreement.
import { describe, expect, it } from "vitest";
import {
  CurationStats,
  HISTOGRAM_BINS,
} from "../../../extension/src/curation-editor/curation-stats";
import { parseRecord } from "../../../extension/src/data/parse-record";

/** A labeled row: agent 1 right in two steps (the first labelled +1), agent 2 wrong in one. */
const LABELED = JSON.stringify({
  query: "What is 2 + 2?",
  gt: "4",
  solutions: [
    { id: 1, text: "Two and two.\n\nSo \\boxed{4}", is_correct: true },
    { id: 2, text: "So \\boxed{5}", is_correct: false },
  ],
  labels: [true, false],
  agentark_studio: { step_labels: { "1": [1, null] } },
});

/** A debate of two rounds: a1 keeps 4, a2 moves from 5 to 4; each turn one scored step. */
const TRAJECTORY = JSON.stringify({
  query: "What is 3 + 1?",
  gt: "4",
  response: "4",
  trajectory: {
    version: 1,
    agents: [{ id: "a1" }, { id: "a2" }],
    rounds: [
      {
        index: 0,
        turns: [
          { agent: "a1", content: "4", answer: "4", steps: [{ text: "4", score: 0.95 }] },
          { agent: "a2", content: "5", answer: "5", steps: [{ text: "5", score: -1 }] },
        ],
      },
      {
        index: 1,
        turns: [
          { agent: "a1", content: "4", answer: "4", steps: [{ text: "4", score: 0 }] },
          { agent: "a2", content: "4", answer: " 4 ", steps: [{ text: "4", score: -0.52 }] },
        ],
      },
    ],
    final: { agent: "aggregator", content: "So \\boxed{4}" },
  },
});

describe("the Stats view's figures", () => {
  it("are what the records hold, each step scored once", () => {
    const stats = new CurationStats();
    stats.add(parseRecord(0, LABELED, { separator: "\n\n" }), [
      { solutionId: 1, judge: true, human: false },
    ]);
    stats.add(parseRecord(1, TRAJECTORY, { separator: "\n\n" }));
    const r = stats.result(true);
    expect(r.records).toBe(2);
    expect(r.perAgent).toEqual([
      { agent: "agent 1", correct: 1, incorrect: 0, unlabeled: 0 },
      { agent: "agent 2", correct: 0, incorrect: 1, unlabeled: 0 },
      { agent: "a1", correct: 0, incorrect: 0, unlabeled: 1 },
      { agent: "a2", correct: 0, incorrect: 0, unlabeled: 1 },
      { agent: "aggregator", correct: 0, incorrect: 0, unlabeled: 1 },
    ]);
    expect(r.perSolutionId).toEqual([
      { solutionId: 1, correct: 1, incorrect: 0, unlabeled: 1 },
      { solutionId: 2, correct: 0, incorrect: 1, unlabeled: 1 },
      { solutionId: 3, correct: 0, incorrect: 0, unlabeled: 1 },
    ]);
    // Steps: 2 + 1 in the labeled row; a1's, a2's and the aggregator's one each in the debate.
    expect(r.labelProgress).toEqual({
      solutionsLabeled: 2,
      solutionsTotal: 5,
      stepsLabeled: 1,
      stepsTotal: 6,
    });
    // Four scored steps, bins of 0.1 from -1: -1 → 0, -0.52 → 4, 0 → 10, 0.95 → 19. The last
    // round's turns are also the agents' solutions: counted once.
    const bins = new Array<number>(HISTOGRAM_BINS).fill(0);
    for (const b of [0, 4, 10, 19]) bins[b] = 1;
    expect(r.prmHistogram).toEqual(bins);
    // From round 0 to 1: a1 kept its answer, a2 changed it (whitespace does not count).
    expect(r.answerChanges).toEqual([{ fromRound: 0, changed: 1, unchanged: 1 }]);
    expect(r.agreement).toEqual([
      [0, 0],
      [1, 0],
    ]);
  });
});
