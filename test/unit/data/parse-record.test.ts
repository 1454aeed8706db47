import { describe, expect, it } from "vitest";
import { parseRecord } from "../../../extension/src/data/parse-record";
import { StepScoreIndex } from "../../../extension/src/data/step-score-index";
import { HTTP_INFER, INFER, LABELED, sampleLines, TRAJECTORY } from "./samples";

const debateText = (k: number, answer: string) =>
  `<think>\nAgent ${k} checks the sum.\n</think>\n\nFirst, 2 + 3 = 5.\n\n \nThen 5 × 2 = 10.\n\nSo the answer is $\\boxed{${answer}}$.`;
const row = (fields: Record<string, unknown>) => JSON.stringify(fields);
const query = "What is (2 + 3) × 2?";

describe("parseRecord: inference rows", () => {
  it("splits llm_debate's vLLM response into 5 agents and the aggregator", () => {
    const response = [1, 2, 3, 4, 5, 6]
      .map((k) => `===== Solution ${k} =====\n${debateText(k, k === 3 ? "11" : "10")}\n`)
      .join("");
    const view = parseRecord(
      4,
      row({ query, gt: "10", response, token_stats: { m: { num_llm_calls: 15 } } }),
    );
    expect(view).toMatchObject({
      line: 4,
      kind: "infer",
      query,
      gt: "10",
      error: null,
      malformed: null,
    });
    expect(view.tokenStats).toEqual({ m: { num_llm_calls: 15 } });
    expect(view.solutions.map((s) => [s.id, s.agent, s.finalAnswer])).toEqual([
      [1, "agent 1", "10"],
      [2, "agent 2", "10"],
      [3, "agent 3", "11"],
      [4, "agent 4", "10"],
      [5, "agent 5", "10"],
      [6, "aggregator", "10"],
    ]);
    const agg = view.solutions[5]!;
    expect(agg.think).toEqual(["Agent 6 checks the sum."]);
    expect(agg.text.startsWith("First, 2 + 3 = 5.")).toBe(true);
    expect(agg.steps.map((s) => s.text)).toEqual([
      "First, 2 + 3 = 5.",
      "Then 5 × 2 = 10.",
      "So the answer is $\\boxed{10}$.",
    ]);
    expect(agg.isCorrect).toBeNull();
    expect(view.finalResponse).toBe(agg.text);
  });

  it("renumbers ===== parts 1..k and drops empty ones, as label.py does", () => {
    const response =
      "===== Solution 1 =====\nA\n===== Solution 7 =====\n  \n===== Solution 9 =====\nB\n";
    const view = parseRecord(0, row({ query, response }));
    expect(view.solutions.map((s) => [s.id, s.text])).toEqual([
      [1, "A"],
      [2, "B"],
    ]);
  });

  it("keeps the numbers of HTTP `Solution k:` headers and drops text before the first", () => {
    const response =
      "preamble\nSolution 2:\nfirst \\boxed{1}\nSolution 5:\nsecond\n\nSolution 6:\nlast \\boxed{2}";
    const view = parseRecord(0, row({ query, response }));
    expect(view.solutions.map((s) => [s.id, s.text, s.finalAnswer])).toEqual([
      [2, "first \\boxed{1}", "1"],
      [5, "second", null],
      [6, "last \\boxed{2}", "2"],
    ]);
    expect(view.finalResponse).toBeNull();
  });

  it("reads a single-answer method as one solution", () => {
    const view = parseRecord(0, row({ query, gt: 10, response: "It is \\boxed{\\frac{20}{2}}" }));
    expect(view.gt).toBe("10");
    expect(view.solutions).toHaveLength(1);
    expect(view.solutions[0]).toMatchObject({ id: 1, agent: null, finalAnswer: "\\frac{20}{2}" });
    expect(view.finalResponse).toBe("It is \\boxed{\\frac{20}{2}}");
  });

  it("reads an error row (no response) with its traceback", () => {
    const view = parseRecord(2, row({ query, gt: "1", error: "Traceback ...\nKeyError: 'x'" }));
    expect(view).toMatchObject({
      kind: "infer",
      error: "Traceback ...\nKeyError: 'x'",
      solutions: [],
      finalResponse: null,
    });
  });

  it("turns a camel transcript into rounds of turns", () => {
    const response = [
      "Original idea prompt: Solve the puzzle",
      "Specified task prompt: Find x with 2x = 8",
      "User Message:",
      "Instruction: divide both sides.",
      "",
      "Critic Message:",
      "Option 1 is fine.",
      "",
      "Assistant Message:",
      "x = 4",
      "",
      "User Message:",
      "Check it.",
      "",
      "Assistant Message:",
      "2 · 4 = 8, so \\boxed{4}",
    ].join("\n");
    const view = parseRecord(0, row({ query, response }));
    expect(view.rounds?.map((r) => r.turns.map((t) => t.agent))).toEqual([
      ["original idea", "task specifier"],
      ["user", "critic", "assistant"],
      ["user", "assistant"],
    ]);
    expect(view.rounds?.[2]?.turns[1]).toMatchObject({
      round: 2,
      text: "2 · 4 = 8, so \\boxed{4}",
      answer: "4",
    });
    expect(view.finalResponse).toBe("2 · 4 = 8, so \\boxed{4}");
    expect(view.solutions).toHaveLength(1);
  });

  it("takes a think block that the prompt opened (only </think> in the answer)", () => {
    const view = parseRecord(
      0,
      row({ query, response: "reasoning here\n</think>\n\nAnswer \\boxed{3}" }),
    );
    expect(view.solutions[0]).toMatchObject({
      think: ["reasoning here"],
      text: "Answer \\boxed{3}",
    });
    const unclosed = parseRecord(
      0,
      row({ query, response: "Answer \\boxed{3} <think> never closed" }),
    );
    expect(unclosed.solutions[0]).toMatchObject({
      think: ["never closed"],
      text: "Answer \\boxed{3}",
    });
  });

  it("gives null final answers when there is no closed \\boxed{}", () => {
    const view = parseRecord(
      0,
      row({ query, response: "no box\n\n\\boxed{1} then \\boxed{unclosed" }),
    );
    expect(view.solutions[0]?.finalAnswer).toBeNull();
  });

  it("reads every row of the realistic sample files", () => {
    for (const file of [INFER, HTTP_INFER]) {
      const views = sampleLines(file).map((text, i) => parseRecord(i, text));
      expect(views.every((v) => v.kind === "infer" && v.malformed === null)).toBe(true);
      const ok = views.filter((v) => v.error === null);
      expect(
        ok.every((v) => v.solutions.length === 6 && v.solutions[5]?.agent === "aggregator"),
      ).toBe(true);
      expect(
        ok.every((v) => v.solutions.every((s) => s.finalAnswer !== null && s.think.length === 1)),
      ).toBe(true);
      expect(views.filter((v) => v.error !== null)).toHaveLength(1);
    }
  });
});

describe("parseRecord: labeled rows", () => {
  const solutions = [1, 2, 3].map((id) => ({
    id,
    text: debateText(id, "10"),
    is_correct: id !== 2,
  }));

  it("reads solutions, with labels[i] winning over is_correct", () => {
    const view = parseRecord(
      0,
      row({
        query,
        gt: "10",
        solutions,
        labels: [true, true, false],
        tag: ["MATH"],
        source: "MATH",
      }),
    );
    expect(view.kind).toBe("labeled");
    expect(view.solutions.map((s) => [s.id, s.isCorrect])).toEqual([
      [1, true],
      [2, true],
      [3, false],
    ]);
    expect(view).toMatchObject({ tag: ["MATH"], source: "MATH", error: null });
  });

  it("falls back to is_correct, then to unlabeled", () => {
    const view = parseRecord(
      0,
      row({ query, solutions: [...solutions, { text: "x" }], labels: [null] }),
    );
    expect(view.solutions.map((s) => [s.id, s.isCorrect])).toEqual([
      [1, true],
      [2, false],
      [3, true],
      [4, null],
    ]);
  });

  it("attaches sidecar step scores and the curation block's step labels and notes", () => {
    const scores = StepScoreIndex.fromLines([
      row({ query, solution_id: 2, separator: "\n\n", scores: [0.9, -0.4, 0.1] }),
    ]);
    const view = parseRecord(
      0,
      row({
        query,
        solutions,
        labels: [true, false, true],
        agentark_studio: {
          step_labels: { "2": [1, -1] },
          notes: { "2": "wrong sum" },
          note: "check gt",
        },
      }),
      { stepScores: scores },
    );
    const s2 = view.solutions[1]!;
    expect(s2.steps.map((s) => [s.score, s.label])).toEqual([
      [0.9, 1],
      [-0.4, -1],
      [0.1, null],
    ]);
    expect(s2.note).toBe("wrong sum");
    expect(view.note).toBe("check gt");
    expect(view.solutions[0]!.steps.every((s) => s.score === null)).toBe(true);
  });

  it("splits steps on the curation block's separator when it names one", () => {
    const view = parseRecord(
      0,
      row({
        query,
        solutions: [{ id: 1, text: "a; b;c", is_correct: true }],
        agentark_studio: { separator: ";" },
      }),
    );
    expect(view.solutions[0]!.steps.map((s) => s.text)).toEqual(["a", "b", "c"]);
    const option = parseRecord(
      0,
      row({ query, solutions: [{ id: 1, text: "a|b", is_correct: true }] }),
      { separator: "|" },
    );
    expect(option.solutions[0]!.steps.map((s) => s.text)).toEqual(["a", "b"]);
  });

  it("keeps a labeled row on the steps its labels were made with when the setting changes", () => {
    const text = "a\n\nb|c";
    const labeled = parseRecord(
      0,
      row({
        query,
        solutions: [{ id: 1, text, is_correct: true }],
        agentark_studio: { step_labels: { "1": [1, -1] } },
      }),
      { separator: "|" },
    );
    // No separator in the block: the labels were made on blank lines, the default.
    expect(labeled.solutions[0]!.steps.map((s) => [s.text, s.label])).toEqual([
      ["a", 1],
      ["b|c", -1],
    ]);
    const unlabeled = parseRecord(
      0,
      row({ query, solutions: [{ id: 1, text, is_correct: true }] }),
      {
        separator: "|",
      },
    );
    expect(unlabeled.solutions[0]!.steps.map((s) => s.text)).toEqual(["a\n\nb", "c"]);
  });

  it("splits each solution on its own separator: pinned, or its sidecar's while unlabeled", () => {
    const text = "a\nb\n\nc";
    const scores = StepScoreIndex.fromLines([
      row({ query, solution_id: 1, separator: "\n", scores: [0.9, 0.1, 0.5] }),
    ]);
    const view = parseRecord(
      0,
      row({
        query,
        solutions: [1, 2, 3].map((id) => ({ id, text, is_correct: true })),
        agentark_studio: { step_labels: { "2": [1], "3": [1] }, separators: { "3": "\n" } },
      }),
      { stepScores: scores },
    );
    const steps = view.solutions.map((s) => s.steps.map((st) => [st.text, st.score]));
    // Labeling solution 2 leaves solution 1 on its sidecar's separator, with its scores.
    expect(steps[0]).toEqual([
      ["a", 0.9],
      ["b", 0.1],
      ["c", 0.5],
    ]);
    expect(steps[1]!.map(([t]) => t)).toEqual(["a\nb", "c"]);
    expect(steps[2]!.map(([t]) => t)).toEqual(["a", "b", "c"]);
  });

  it("reads the sample labeled file: 6 solutions, verdicts from labels", () => {
    const views = sampleLines(LABELED).map((text, i) => parseRecord(i, text));
    expect(views.every((v) => v.kind === "labeled" && v.solutions.length === 6)).toBe(true);
    const verdicts = views.flatMap((v) => v.solutions.map((s) => s.isCorrect));
    expect(verdicts).toContain(true);
    expect(verdicts).toContain(false);
  });
});

describe("parseRecord: native trajectories", () => {
  const trajectory = {
    version: 1,
    agents: [{ id: "a1", role: "Mathematician" }, { id: "a2" }],
    rounds: [
      {
        index: 0,
        turns: [
          { agent: "a1", content: "x \\boxed{9}", steps: [{ text: "x", score: 0.2 }] },
          { agent: "a2", content: "y\n\nz \\boxed{10}" },
        ],
      },
      {
        index: 1,
        turns: [
          {
            agent: "a1",
            content: "<think>hm</think>w \\boxed{10}",
            answer: "10",
            steps: [{ text: "w", score: 0.9 }],
          },
        ],
      },
    ],
    final: { content: "done \\boxed{10}" },
  };

  it("keeps every round and makes each agent's last turn a solution, then the final", () => {
    const view = parseRecord(0, row({ query, gt: "10", response: "r", trajectory }));
    expect(view.kind).toBe("trajectory");
    expect(view.rounds?.map((r) => r.turns.map((t) => [t.agent, t.answer]))).toEqual([
      [
        ["a1", "9"],
        ["a2", "10"],
      ],
      [["a1", "10"]],
    ]);
    expect(view.rounds?.[0]?.turns[1]?.steps.map((s) => s.text)).toEqual(["y", "z \\boxed{10}"]);
    expect(view.solutions.map((s) => [s.id, s.agent, s.text])).toEqual([
      [1, "a1", "w \\boxed{10}"],
      [2, "a2", "y\n\nz \\boxed{10}"],
      [3, "aggregator", "done \\boxed{10}"],
    ]);
    expect(view.solutions[0]!.steps).toEqual([{ text: "w", score: 0.9, label: null }]);
    expect(view.solutions[0]!.think).toEqual(["hm"]);
    expect(view.finalResponse).toBe("done \\boxed{10}");
  });

  it("shows a row whose trajectory does not fit the schema as an inference row", () => {
    const view = parseRecord(
      0,
      row({ query, response: "r", trajectory: { ...trajectory, version: 2 } }),
    );
    expect(view.kind).toBe("infer");
    expect(view.rounds).toBeNull();
  });

  it("reads the sample trajectory file: 5 agents x 3 rounds with step scores", () => {
    const views = sampleLines(TRAJECTORY).map((text, i) => parseRecord(i, text));
    const trajectories = views.filter((v) => v.kind === "trajectory");
    expect(trajectories.length).toBe(views.length - 1);
    for (const v of trajectories) {
      expect(v.rounds?.length).toBe(3);
      expect(v.rounds?.every((r) => r.turns.length === 5)).toBe(true);
      expect(v.solutions.map((s) => s.agent)).toEqual([
        "agent_1",
        "agent_2",
        "agent_3",
        "agent_4",
        "agent_5",
        "aggregator",
      ]);
      expect(v.solutions[0]!.steps.every((s) => typeof s.score === "number")).toBe(true);
      // The solutions are the last round's turns: the same answers, card and grid agreeing.
      expect(v.solutions.slice(0, 5).map((s) => s.finalAnswer)).toEqual(
        v.rounds!.at(-1)!.turns.map((t) => t.answer),
      );
      // A debate: an agent changes its answer only to the one most turns gave the round before,
      // and the aggregator gives the last round's most common answer.
      const topCount = (turns: readonly { answer: string | null }[]) => {
        const counts = new Map<string | null, number>();
        for (const t of turns) counts.set(t.answer, (counts.get(t.answer) ?? 0) + 1);
        return Math.max(...counts.values());
      };
      const countOf = (turns: readonly { answer: string | null }[], answer: string | null) =>
        turns.filter((t) => t.answer === answer).length;
      const rounds = v.rounds!;
      for (let k = 1; k < rounds.length; k++)
        rounds[k]!.turns.forEach((t, a) => {
          const before = rounds[k - 1]!.turns;
          if (t.answer !== before[a]!.answer)
            expect(countOf(before, t.answer)).toBe(topCount(before));
        });
      const last = rounds.at(-1)!.turns;
      expect(countOf(last, v.solutions[5]!.finalAnswer)).toBe(topCount(last));
    }
    // Most debates end on the truth, not all.
    const right = trajectories.filter((v) => v.solutions[5]!.finalAnswer === v.gt).length;
    expect(right).toBeGreaterThan(trajectories.length / 2);
    expect(right).toBeLessThan(trajectories.length);
    const changed = trajectories.filter((v) =>
      v.rounds!.some(
        (r, i) => i > 0 && r.turns.some((t, a) => t.answer !== v.rounds![0]!.turns[a]!.answer),
      ),
    );
    expect(changed.length).toBeGreaterThan(0);
  });
});

describe("parseRecord: anything else, never a throw", () => {
  it("shows an unknown object by the usual field names", () => {
    const view = parseRecord(0, row({ question: "Q?", answer: 3, output: "three" }));
    expect(view).toMatchObject({
      kind: "unknown",
      query: "Q?",
      gt: "3",
      finalResponse: "three",
      malformed: null,
    });
  });

  it.each([
    ["not JSON", '{"query": "a",', /JSON|Unexpected|Expected/],
    ["an array", "[1, 2]", /not a JSON object: array/],
    ["a number", "42", /not a JSON object: number/],
    ["null", "null", /not a JSON object: null/],
    ["a string", '"text"', /not a JSON object: string/],
    ["a blank line", "   ", /blank line/],
    ["a truncated row", '{"query": "What is', /JSON|Unterminated|Unexpected/],
  ])("marks %s malformed", (_name, text, message) => {
    const view = parseRecord(7, text);
    expect(view.line).toBe(7);
    expect(view.malformed).toMatch(message);
    expect(view).toMatchObject({ kind: "unknown", query: "", solutions: [], rounds: null });
  });

  it("reads the NaN and Infinity tokens Python writes as numbers", () => {
    const text =
      '{"query": "NaN Infinity", "response": "ok", "token_stats": {"m": {"a": NaN, "b": -Infinity, "c": Infinity}}}';
    const view = parseRecord(0, text);
    expect(view.malformed).toBeNull();
    expect(view.query).toBe("NaN Infinity");
    expect(view.tokenStats).toEqual({ m: { a: NaN, b: -Infinity, c: Infinity } });
  });

  it("still rejects NaN glued to other tokens", () => {
    expect(parseRecord(0, '{"a": NaNx}').malformed).not.toBeNull();
    expect(parseRecord(0, '{"a": -NaN}').malformed).not.toBeNull();
  });

  it("reads text with U+FFFD from invalid UTF-8 as any other row", () => {
    const view = parseRecord(0, row({ query: "bad \ufffd byte", response: "x" }));
    expect(view).toMatchObject({ kind: "infer", query: "bad \ufffd byte" });
  });
});
