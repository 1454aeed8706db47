import { createHash } from "node:crypto";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ExportError,
  type ExportKind,
  type ExportOptions,
} from "../../../extension/src/export/export-kinds";
import { exportRecords } from "../../../extension/src/export/export-records";
import { readJsonlRecords } from "../../../extension/src/export/jsonl-records";
import { splitSteps } from "../../../extension/src/data/split-steps";
import { isTestQuery } from "../../../extension/src/export/prm-steps-export";
import { debateRow, inferenceRow, labeledRow, pythonLine, writeJsonl } from "./labeled-rows";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "export-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(
  kind: ExportKind,
  lines: string[],
  out = "out.jsonl",
  options: ExportOptions = {},
) {
  const input = join(dir, "llm_debate_infer_labeled_by_Qwen2.5-72B-Instruct.jsonl");
  await writeJsonl(input, lines);
  const outPath = join(dir, out);
  const result = await exportRecords({
    kind,
    outPath,
    options,
    input: readJsonlRecords(input),
    toolVersion: "9.9.9",
    now: () => new Date("2026-03-04T05:06:07.000Z"),
  });
  const rows = async (file = outPath) =>
    (await readFile(file, "utf8"))
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { ...result, input, outPath, rows };
}

const T = true;
const F = false;
const AGG_OK = debateRow(
  "Q1: 3 apples + 4 apples?",
  "7",
  [F, T, F, F, T, T],
  ["a1", "agent two", "a3", "a4", "agent five", "the aggregate"],
);
const AGG_WRONG = debateRow(
  "Q2: 10 / 4?",
  "2.5",
  [F, F, T, F, T, F],
  ["b1", "b2", "agent three", "b4", "agent five", "wrong aggregate"],
);
const NONE = debateRow("Q3: hard one", "42", [F, F, F, F, F, F]);
const ALL = debateRow(
  "Q4: easy one",
  "1",
  [T, T, T, T, T, T],
  ["same", "same", "other", "same", "x", "agg"],
);

describe("rsft", () => {
  it("takes the correct aggregate, else the first correct agent, one row per query", async () => {
    const lines = [AGG_OK, AGG_WRONG, NONE, AGG_OK].map(pythonLine);
    lines.splice(2, 0, "", '{"query": "broken', "   ");
    const r = await run("rsft", lines);
    expect(await r.rows()).toEqual([
      { input: "Q1: 3 apples + 4 apples?", output: "the aggregate" },
      { input: "Q2: 10 / 4?", output: "agent three" },
    ]);
    expect(r.manifest).toMatchObject({
      kind: "rsft",
      rowsIn: 5,
      rowsOut: 2,
      dropped: {
        "row: malformed JSON": 1,
        "row: no correct solution": 1,
        "row: duplicate query": 1,
      },
      details: { "picked: aggregate": 1, "picked: first correct agent": 1 },
      tool: { name: "agentark-studio", version: "9.9.9" },
      created: "2026-03-04T05:06:07.000Z",
    });
    expect(r.manifest.input.blankLines).toBe(2);
    const bytes = await readFile(r.input);
    expect(r.manifest.input.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(r.manifest.input.bytes).toBe(bytes.length);
    const onDisk = JSON.parse(await readFile(`${r.outPath}.manifest.json`, "utf8")) as unknown;
    expect(onDisk).toEqual(r.manifest);
  });

  it("--prefer first-correct takes the first correct agent even when the aggregate is right", async () => {
    const r = await run("rsft", [pythonLine(AGG_OK)], "o.jsonl", { prefer: "first-correct" });
    expect(await r.rows()).toEqual([{ input: "Q1: 3 apples + 4 apples?", output: "agent two" }]);
    expect(r.manifest.options).toEqual({ prefer: "first-correct" });
  });

  it("uses labels over is_correct when they disagree (what AgentArk's trainer reads)", async () => {
    const row = debateRow("Q5", "5", [F, F, F, F, F, F], ["c1", "c2", "c3", "c4", "c5", "c6"]);
    (row.labels as boolean[])[3] = true;
    const r = await run("rsft", [pythonLine(row)]);
    expect(await r.rows()).toEqual([{ input: "Q5", output: "c4" }]);
  });

  it("refuses inference rows with a clear error and leaves no output behind", async () => {
    await expect(run("rsft", [pythonLine(inferenceRow("Q", "1"))])).rejects.toThrow(ExportError);
    await expect(run("prm", [pythonLine(inferenceRow("Q", "1"))])).rejects.toThrow(
      /only --to grpo/,
    );
    expect((await readdir(dir)).filter((f) => f.startsWith("out") || f.includes(".tmp"))).toEqual(
      [],
    );
  });
});

describe("da", () => {
  it("writes every distinct correct solution as its own row", async () => {
    const r = await run("da", [ALL, NONE, AGG_WRONG].map(pythonLine));
    expect(await r.rows()).toEqual([
      { input: "Q4: easy one", output: "same" },
      { input: "Q4: easy one", output: "other" },
      { input: "Q4: easy one", output: "x" },
      { input: "Q4: easy one", output: "agg" },
      { input: "Q2: 10 / 4?", output: "agent three" },
      { input: "Q2: 10 / 4?", output: "agent five" },
    ]);
    expect(r.manifest).toMatchObject({
      rowsIn: 3,
      rowsOut: 6,
      dropped: { "row: no correct solution": 1 },
      details: { "duplicate correct solutions skipped": 2 },
    });
  });
});

describe("prm", () => {
  it("keeps only queries with both correct and incorrect solutions, in label.py's format", async () => {
    const r = await run("prm", [AGG_OK, NONE, ALL, AGG_WRONG].map(pythonLine), "QMSum/prm.jsonl");
    const text = await readFile(r.outPath, "utf8");
    expect(text.split("\n")[0]).toBe(pythonLine(AGG_OK));
    expect(await r.rows()).toEqual([AGG_OK, AGG_WRONG]);
    expect(r.manifest.dropped).toEqual({
      "row: no correct solution": 1,
      "row: no incorrect solution": 1,
    });
    expect(r.manifest.warnings).toEqual([]);
  });

  it("warns when the output path would not reach finetune2's label.py branch", async () => {
    const r = await run("prm", [pythonLine(AGG_OK)], "gsm8k-prm.jsonl");
    expect(r.manifest.warnings).toHaveLength(1);
    expect(r.manifest.warnings[0]).toMatch(/QASPER, QMSum, HotpotQA/);
    const hotpot = await run("prm", [pythonLine(AGG_OK)], "HotpotQA-prm.jsonl");
    expect(hotpot.manifest.warnings).toEqual([]);
  });
});

describe("prm-steps", () => {
  const text = "Step one: 10 / 4.\n\nStep two: that is 2.5.\n \nAnswer \\boxed{2.5}";
  const row = (query: string, stepLabels: Record<string, unknown>, extra = {}) =>
    labeledRow(
      query,
      "2.5",
      [
        { text, correct: T },
        { text, correct: F },
        { text, correct: T },
      ],
      {
        agentark_studio: { step_labels: stepLabels, ...extra },
      },
    );

  it("writes TRL stepwise rows from human step labels and drops unsure or unlabeled ones", async () => {
    const lines = [
      row("Qa", { "1": [1, 0, 1], "2": [1, -1, -1], "3": [1, "unsure", 1] }),
      row("Qb", { "1": [1, 1] }),
      row("Qc", { "2": [1, 1, 1, 1] }),
      labeledRow("Qd", "1", [{ correct: T }]),
    ].map(pythonLine);
    const r = await run("prm-steps", lines, "steps");
    expect(await readdir(r.outPath)).toEqual(["train.jsonl"]);
    expect(await r.rows(join(r.outPath, "train.jsonl"))).toEqual([
      { prompt: "Qa", completions: splitSteps(text), labels: [true, true, true] },
      { prompt: "Qa", completions: splitSteps(text), labels: [true, false, false] },
    ]);
    expect(splitSteps(text)).toHaveLength(3);
    expect(r.manifest.dropped).toEqual({
      "solution: unsure or unlabeled steps": 2,
      "solution: no step labels": 5,
      "solution: more step labels than steps": 1,
    });
    expect(r.manifest.output.files).toEqual([join(r.outPath, "train.jsonl")]);
    expect(r.manifest.options).toEqual({ testFraction: null });
    expect(r.manifest.warnings).toEqual([]);
  });

  it("labels the steps the editor shows: think blocks out, steps trimmed", async () => {
    const withThink = "<think>\nhmm\n\nlet me see\n</think>\n\n  First step.  \n\nSecond step.\n";
    const r = await run(
      "prm-steps",
      [
        pythonLine(
          labeledRow("Qt", "1", [{ text: withThink, correct: T }], {
            agentark_studio: { step_labels: { "1": [1, -1] } },
          }),
        ),
      ],
      "steps",
    );
    expect(await r.rows(join(r.outPath, "train.jsonl"))).toEqual([
      { prompt: "Qt", completions: ["First step.", "Second step."], labels: [true, false] },
    ]);
  });

  it("takes step labels made in inference rows and native trajectories too", async () => {
    const infer = {
      ...inferenceRow("Qi", "1"),
      response: "===== Solution 1 =====\nAdd.\n\nSo 2.\n===== Solution 6 =====\nIt is 2.",
      agentark_studio: { step_labels: { "1": [1, -1], "2": [0] } }, // renumbered 1..k, as label.py does
    };
    const trajectory = {
      query: "Qt",
      gt: "4",
      trajectory: {
        version: 1,
        agents: [{ id: "a" }, { id: "b" }],
        rounds: [
          {
            index: 0,
            turns: [
              {
                agent: "a",
                content: "x",
                steps: [
                  { text: "Two and two.", score: 0.9 },
                  { text: "Four.", score: 0.8 },
                ],
              },
              { agent: "b", content: "Five.\n\nDone." },
            ],
          },
        ],
      },
      agentark_studio: { step_labels: { "1": [1, 1], "2": [-1, "unsure"] } },
    };
    const r = await run("prm-steps", [pythonLine(infer), pythonLine(trajectory)], "steps");
    expect(await r.rows(join(r.outPath, "train.jsonl"))).toEqual([
      { prompt: "Qi", completions: ["Add.", "So 2."], labels: [true, false] },
      { prompt: "Qi", completions: ["It is 2."], labels: [true] },
      { prompt: "Qt", completions: ["Two and two.", "Four."], labels: [true, true] },
    ]);
    expect(r.manifest.dropped).toEqual({ "solution: unsure or unlabeled steps": 1 });
  });

  it("warns when nothing could be exported", async () => {
    const r = await run("prm-steps", [pythonLine(AGG_OK)], "steps");
    expect(r.manifest.rowsOut).toBe(0);
    expect(r.manifest.warnings).toEqual([
      "no rows were written: no solution has a complete set of human step labels (agentark_studio.step_labels)",
    ]);
  });

  it("splits on the block's own separator when it has one", async () => {
    const custom = labeledRow("Qs", "1", [{ text: "a || b || c", correct: T }], {
      agentark_studio: { separator: " || ", step_labels: { "1": [1, 1, -1] } },
    });
    const r = await run("prm-steps", [pythonLine(custom)], "steps");
    expect(await r.rows(join(r.outPath, "train.jsonl"))).toEqual([
      { prompt: "Qs", completions: ["a", "b", "c"], labels: [true, true, false] },
    ]);
  });

  it("splits train/test deterministically by a hash of the query", async () => {
    const queries = Array.from({ length: 40 }, (_, i) => `query number ${i}`);
    const lines = queries.map((q) => pythonLine(row(q, { "1": [1, 1, 1] })));
    const r = await run("prm-steps", lines, "steps", { testFraction: 0.25 });
    const test = await r.rows(join(r.outPath, "test.jsonl"));
    const train = await r.rows(join(r.outPath, "train.jsonl"));
    expect(test.length + train.length).toBe(40);
    expect(test.length).toBeGreaterThan(0);
    expect(train.length).toBeGreaterThan(test.length);
    expect(test.map((t) => t.prompt)).toEqual(queries.filter((q) => isTestQuery(q, 0.25)));
    const again = await run("prm-steps", lines, "steps2", { testFraction: 0.25 });
    expect(await again.rows(join(again.outPath, "test.jsonl"))).toEqual(test);
    const noTest = await run("prm-steps", lines, "steps");
    expect(noTest.manifest.warnings[0]).toMatch(/test\.jsonl is left from an earlier export/);
  });
});

describe("grpo", () => {
  it("writes input/answer per query from inference rows, 'null' without ground truth", async () => {
    const r = await run("grpo", [
      pythonLine(inferenceRow("Q1", "7")),
      pythonLine(inferenceRow("Q2", null)),
      pythonLine(inferenceRow("Q3", 12)),
      pythonLine(inferenceRow("Q1", "7")),
      '{"query": "Q4", "gt": "4", "token_stats": {"m": {"x": NaN}}}',
      "[1, 2]",
    ]);
    expect(await r.rows()).toEqual([
      { input: "Q1", answer: "7" },
      { input: "Q2", answer: "null" },
      { input: "Q3", answer: "12" },
      { input: "Q4", answer: "4" },
    ]);
    expect(r.manifest.dropped).toEqual({ "row: duplicate query": 1, "row: not a JSON object": 1 });
    expect(r.manifest.details).toMatchObject({ "rows with NaN/Infinity read as null": 1 });
  });

  it("works on labeled rows too", async () => {
    const r = await run("grpo", [pythonLine(AGG_OK)]);
    expect(await r.rows()).toEqual([{ input: "Q1: 3 apples + 4 apples?", answer: "7" }]);
  });
});

describe("input reading", () => {
  it("reads CRLF, a BOM and a truncated last line without crashing", async () => {
    const input = join(dir, "in.jsonl");
    const { writeFile } = await import("node:fs/promises");
    await writeFile(
      input,
      `\ufeff${pythonLine(inferenceRow("A", "1"))}\r\n${pythonLine(inferenceRow("B", "2"))}\r\n{"query": "C`,
    );
    const r = await exportRecords({
      kind: "grpo",
      outPath: join(dir, "g.jsonl"),
      input: readJsonlRecords(input),
    });
    expect(r.manifest.rowsIn).toBe(3);
    expect(r.manifest.rowsOut).toBe(2);
    expect(r.manifest.dropped).toEqual({ "row: malformed JSON": 1 });
  });

  it("reads lines longer than the read chunk", async () => {
    const long = "é".repeat(1_500_000);
    const r = await run("grpo", [
      pythonLine(inferenceRow("short", "1")),
      pythonLine(inferenceRow(long, "2")),
      pythonLine(inferenceRow("after", "3")),
    ]);
    const rows = await r.rows();
    expect(rows.map((x) => (x.input as string).length)).toEqual([5, 1_500_000, 5]);
    expect(rows[1]!.input).toBe(long);
  });

  it("accepts any iterable of records", async () => {
    const records = [
      { line: 0, row: inferenceRow("X", "1") },
      { line: 1, malformed: "Unexpected end of JSON input" },
    ];
    const r = await exportRecords({
      kind: "grpo",
      outPath: join(dir, "it.jsonl"),
      input: { path: "(memory)", records, sha256: () => "-", bytes: () => 0 },
    });
    expect(r.manifest).toMatchObject({ rowsIn: 2, rowsOut: 1 });
  });

  it("rejects options that do not apply to the kind", async () => {
    await expect(run("grpo", [], "x.jsonl", { prefer: "aggregate" })).rejects.toThrow(ExportError);
    await expect(run("prm-steps", [], "x", { testFraction: 1 })).rejects.toThrow(ExportError);
  });
});
