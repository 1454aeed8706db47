import { appendFile, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  JoinedLabels,
  labeledSiblingPattern,
} from "../../../extension/src/curation-editor/joined-labels";
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

describe("JoinedLabels while label.py writes the labeled file", () => {
  it("finds the sibling, joins the rows it appends, and says when it was replaced", async () => {
    const dir = await mkdtemp(join(tmpdir(), "joined-labels-"));
    try {
      const infer = join(dir, "run_infer.jsonl");
      const labeled = join(dir, "run_infer_labeled_by_judge.jsonl");
      const inferLines = sampleLines(INFER).filter((l) => parseRecord(0, l).error === null);
      const labeledRows = sampleLines(LABELED);
      const rowFor = (line: string) =>
        labeledRows.find((l) => parseRecord(0, l).query === parseRecord(0, line).query)!;
      await writeFile(infer, `${inferLines.join("\n")}\n`);
      // The project's own sidecars match the sibling pattern too; they are never joined.
      await writeFile(`${labeled.slice(0, -6)}.audit.jsonl`, "");
      expect(await JoinedLabels.forInference(infer)).toBeUndefined();

      await writeFile(labeled, `${rowFor(inferLines[0]!)}\n`);
      const joined = (await JoinedLabels.forInference(infer))!;
      expect(joined.path).toBe(labeled);
      const verdicts = async (i: number) =>
        (await joined.join(parseRecord(i, inferLines[i]!))).solutions.map((s) => s.isCorrect);
      const expected = (i: number) =>
        parseRecord(0, rowFor(inferLines[i]!)).solutions.map((s) => s.isCorrect);
      expect(await verdicts(0)).toEqual(expected(0));
      expect((await verdicts(1)).every((v) => v === null)).toBe(true);
      expect(await joined.extend()).toBe("unchanged");

      // Half a row, as a writer mid-line leaves it: not joined until its newline.
      const next = rowFor(inferLines[1]!);
      await appendFile(labeled, next.slice(0, 40));
      await joined.extend();
      expect((await verdicts(1)).every((v) => v === null)).toBe(true);
      await appendFile(labeled, `${next.slice(40)}\n`);
      expect(await joined.extend()).toBe("appended");
      expect(await verdicts(1)).toEqual(expected(1));
      expect(await verdicts(0)).toEqual(expected(0));

      await writeFile(`${labeled}.new`, `${rowFor(inferLines[2]!)}\n`);
      await rename(`${labeled}.new`, labeled);
      expect(await joined.extend()).toBe("rewritten");
      await joined.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("names the glob of an inference file's labeled siblings", () => {
    expect(labeledSiblingPattern("x_infer.jsonl")).toBe("x_infer_labeled_by_*.jsonl");
    expect(labeledSiblingPattern("x_infer_labeled_by_j.jsonl")).toBeUndefined();
  });
});
