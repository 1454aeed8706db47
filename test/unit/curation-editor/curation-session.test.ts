import { describe, expect, it } from "vitest";
import type { CurationEdit } from "../../../schemas/src/records";
import { EMPTY_FILTER, type ToWebview } from "../../../schemas/src/webview-protocol";
import {
  cohenKappa,
  type ReviewedVerdict,
} from "../../../extension/src/curation-editor/curation-stats";
import {
  CurationSession,
  type RecordSource,
  type SessionActions,
} from "../../../extension/src/curation-editor/curation-session";
import { parseRecord } from "../../../extension/src/data/parse-record";

const labeled = (query: string, verdicts: (boolean | null)[]) =>
  JSON.stringify({
    query,
    gt: "4",
    solutions: verdicts.map((v, i) => ({
      id: i + 1,
      text: `Step one.\n\nSo the answer is \\boxed{${i}}.`,
      is_correct: v,
    })),
    labels: verdicts,
    tag: null,
    source: "Fixture",
  });

function session(
  lines: string[],
  reviewed: Record<string, ReviewedVerdict[]> = {},
  /** An edit takes effect once this settles (an edit the extension is still applying). */
  applied: Promise<void> = Promise.resolve(),
) {
  const posted: ToWebview[] = [];
  const edits: CurationEdit[] = [];
  const source: RecordSource = {
    get count() {
      return lines.length;
    },
    readRecords: (from, count) =>
      Promise.resolve(
        lines
          .slice(from, from + count)
          .map((raw, i) => ({ raw, view: parseRecord(from + i, raw) })),
      ),
    reviewed: (query) => reviewed[query] ?? [],
  };
  const reasons: (string | undefined)[] = [];
  const actions: SessionActions = {
    applyEdit: async (edit, reason) => {
      await applied;
      if (edit.line >= lines.length) throw new Error("no such line");
      edits.push(edit);
      reasons.push(reason);
      lines[edit.line] = labeled("edited", [true, true]);
    },
    undo: () => Promise.resolve(),
    redo: () => Promise.resolve(),
    audit: (line) => Promise.resolve({ type: "audit", line, entries: [] }),
    openExport: () => undefined,
    openRaw: () => undefined,
    openLink: () => undefined,
    log: () => undefined,
  };
  const s = new CurationSession(
    source,
    actions,
    (m) => posted.push(m),
    () => ({ stepSeparator: "\n\n", prmThreshold: 0, author: "t" }),
  );
  const of = <T extends ToWebview["type"]>(type: T) =>
    posted.filter((m): m is Extract<ToWebview, { type: T }> => m.type === type);
  /** The lines of the last page posted. */
  const pageLines = () =>
    of("page")
      .at(-1)!
      .items.map((i) => i.line);
  return { s, posted, edits, reasons, of, pageLines };
}

const FILE = [
  labeled("What is 2 + 2?", [true, true]),
  labeled("What is 3 + 1?", [false, false]),
  "{not json",
  labeled("Is 4 even?", [true, false]),
  labeled("What is 8 / 2?", [null, true]),
];

describe("curation session (host side of the webview)", () => {
  it("serves the whole file as the empty filter's result set, page by page", async () => {
    const { s, of } = session([...FILE]);
    await s.handle({ type: "query", queryId: 1, filter: EMPTY_FILTER });
    expect(of("queryResult").at(-1)).toEqual({
      type: "queryResult",
      queryId: 1,
      total: 5,
      complete: true,
    });
    await s.handle({ type: "requestPage", queryId: 1, start: 1, count: 3 });
    const page = of("page").at(-1)!;
    expect(page.start).toBe(1);
    expect(page.items.map((i) => [i.line, i.correct, i.incorrect, i.error])).toEqual([
      [1, 0, 2, false],
      [2, 0, 0, true],
      [3, 1, 1, false],
    ]);
  });

  it("filters by verdict and by text, over the whole file", async () => {
    const { s, of, pageLines } = session([...FILE]);
    await s.handle({ type: "query", queryId: 2, filter: { ...EMPTY_FILTER, verdict: "mixed" } });
    expect(of("queryResult").at(-1)).toMatchObject({ queryId: 2, total: 1, complete: true });
    await s.handle({ type: "requestPage", queryId: 2, start: 0, count: 10 });
    expect(pageLines()).toEqual([3]);
    await s.handle({ type: "query", queryId: 3, filter: { ...EMPTY_FILTER, text: "3 + 1" } });
    expect(of("queryResult").at(-1)).toMatchObject({ queryId: 3, total: 1 });
    await s.handle({ type: "query", queryId: 4, filter: { ...EMPTY_FILTER, errorsOnly: true } });
    expect(of("queryResult").at(-1)).toMatchObject({ queryId: 4, total: 1 });
  });

  it("searches what a person reads: escaped text decoded, keys not matched", async () => {
    // Python's json.dumps with ensure_ascii (inference.py): "Caf\u00e9 costs \u20ac3".
    const escaped = JSON.stringify({
      query: "Café costs €3",
      gt: "3",
      response: "It is 3.",
    }).replace(/[^ -~]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
    expect(escaped).toContain("Caf\\u00e9");
    const chat = JSON.stringify({ id: "t-42", messages: [{ role: "user", content: "hi there" }] });
    const { s, of } = session([...FILE, escaped, "{not json: café", chat]);
    const total = async (queryId: number, text: string) => {
      await s.handle({ type: "query", queryId, filter: { ...EMPTY_FILTER, text } });
      return (of("queryResult").at(-1) as { total: number }).total;
    };
    expect(await total(10, "CAFÉ")).toBe(2); // the decoded row, and the malformed line's raw text
    expect(await total(11, "€3")).toBe(1);
    expect(await total(12, "solutions")).toBe(0);
    expect(await total(13, '"query"')).toBe(0);
    // A row of no AgentArk kind is shown as raw JSON, and searched so; the source is shown too.
    expect(await total(14, "hi there")).toBe(1);
    expect(await total(15, "FIXTURE")).toBe(FILE.filter((l) => l.includes('"Fixture"')).length);
  });

  it("adds the matching lines a running job appends to a finished filter's result", async () => {
    const lines = [...FILE];
    const { s, of, pageLines } = session(lines);
    const mixed = { ...EMPTY_FILTER, verdict: "mixed" as const };
    await s.handle({ type: "query", queryId: 2, filter: mixed });
    expect(of("queryResult").at(-1)).toMatchObject({ queryId: 2, total: 1, complete: true });
    lines.push(labeled("Is 9 odd?", [true, true]), labeled("Is 9 prime?", [false, true]));
    const grown = { recordCount: lines.length, bytesIndexed: 1, totalBytes: 1, done: true };
    await s.indexGrew(grown);
    expect(of("queryResult").at(-1)).toMatchObject({ queryId: 2, total: 2, complete: true });
    await s.handle({ type: "requestPage", queryId: 2, start: 0, count: 10 });
    expect(pageLines()).toEqual([3, 6]);
    // Nothing new: nothing scanned twice, nothing posted.
    const posted = of("queryResult").length;
    await s.indexGrew(grown);
    expect(of("queryResult")).toHaveLength(posted);
  });

  it("ignores pages of a result set the webview replaced", async () => {
    const { s, of } = session([...FILE]);
    await s.handle({ type: "query", queryId: 5, filter: EMPTY_FILTER });
    await s.handle({ type: "requestPage", queryId: 4, start: 0, count: 2 });
    expect(of("page")).toEqual([]);
  });

  it("finds the next record that still needs labels", async () => {
    const { s, of } = session([...FILE]);
    await s.handle({ type: "query", queryId: 1, filter: EMPTY_FILTER });
    await s.handle({ type: "findNext", requestId: 9, queryId: 1, from: 0, direction: 1 });
    // Lines 0-3 have verdicts on every solution but unlabeled steps; steps count too.
    expect(of("found").at(-1)).toEqual({ type: "found", requestId: 9, position: 1 });
  });

  it("applies an edit, confirms it and re-sends the record; a failing edit is rejected", async () => {
    const { s, of, edits } = session([...FILE]);
    const edit: CurationEdit = { type: "set-correct", line: 1, solutionId: 1, value: true };
    await s.handle({ type: "applyEdit", editId: 7, edit });
    expect(edits).toEqual([edit]);
    expect(of("editApplied")).toEqual([{ type: "editApplied", editId: 7, edit }]);
    expect(of("record").at(-1)!.record.query).toBe("edited");
    expect(of("summaries").at(-1)!.items[0]).toMatchObject({ line: 1, correct: 2 });
    await s.handle({ type: "applyEdit", editId: 8, edit: { ...edit, line: 99 } });
    expect(of("editRejected")).toEqual([
      { type: "editRejected", editId: 8, reason: "no such line" },
    ]);
  });

  it("passes the reason typed with an edit on as one trimmed line, and none for blank text", async () => {
    const { s, reasons } = session([...FILE]);
    const edit: CurationEdit = { type: "set-correct", line: 1, solutionId: 1, value: true };
    await s.handle({ type: "applyEdit", editId: 1, edit, reason: "  judge missed\n the units " });
    await s.handle({ type: "applyEdit", editId: 2, edit, reason: " \t " });
    await s.handle({ type: "applyEdit", editId: 3, edit });
    expect(reasons).toEqual(["judge missed the units", undefined, undefined]);
  });

  it("sends the judge's verdict beside each solution a person overruled, where the record shows the person's", async () => {
    const lines = [
      labeled("Overruled", [true, false]),
      // The same query again, still with the judge's verdicts.
      labeled("Overruled", [false, false]),
    ];
    const { s, of } = session(lines, {
      Overruled: [
        { solutionId: 1, judge: false, human: true },
        { solutionId: 2, judge: false, human: false },
      ],
    });
    await s.handle({ type: "requestRecord", line: 0 });
    await s.handle({ type: "requestRecord", line: 1 });
    const [shown, repeated] = of("record").map((m) => m.record.solutions);
    expect(shown!.map((x) => x.judgeVerdict)).toEqual([false, undefined]);
    expect(repeated!.map((x) => x.judgeVerdict)).toEqual([undefined, undefined]);
  });

  it("computes stats over the filter, with judge-human agreement", async () => {
    const { s, of } = session([...FILE], {
      "What is 3 + 1?": [{ solutionId: 1, judge: false, human: true }],
    });
    await s.handle({ type: "requestStats", requestId: 3, filter: EMPTY_FILTER });
    const stats = of("stats").at(-1)!.stats;
    expect(stats.complete).toBe(true);
    expect(stats.records).toBe(5);
    expect(stats.labelProgress).toMatchObject({ solutionsLabeled: 7, solutionsTotal: 8 });
    expect(stats.agreement).toEqual([
      [0, 1],
      [0, 0],
    ]);
    const disagree = session([...FILE], {
      "What is 3 + 1?": [{ solutionId: 1, judge: false, human: true }],
    });
    await disagree.s.handle({
      type: "query",
      queryId: 1,
      filter: { ...EMPTY_FILTER, disagreeOnly: true },
    });
    expect(disagree.of("queryResult").at(-1)).toMatchObject({ total: 1 });
  });

  it("counts an edit sent just before the Stats view asked, once it is applied", async () => {
    let apply!: () => void;
    const { s, of } = session([...FILE], {}, new Promise((resolve) => (apply = resolve)));
    const edit: CurationEdit = { type: "set-correct", line: 4, solutionId: 1, value: true };
    const editing = s.handle({ type: "applyEdit", editId: 1, edit });
    const stats = s.handle({ type: "requestStats", requestId: 1, filter: EMPTY_FILTER });
    // Let everything that does not wait for the edit run to its end.
    await new Promise(setImmediate);
    apply();
    await Promise.all([editing, stats]);
    const posted = of("stats");
    expect(posted.length).toBeGreaterThan(0);
    for (const m of posted)
      expect(m.stats.labelProgress).toMatchObject({ solutionsLabeled: 8, solutionsTotal: 8 });
  });

  it("Cohen's kappa: perfect, chance and undefined agreement", () => {
    expect(
      cohenKappa([
        [5, 0],
        [0, 5],
      ]),
    ).toBe(1);
    expect(
      cohenKappa([
        [5, 5],
        [5, 5],
      ]),
    ).toBe(0);
    expect(
      cohenKappa([
        [0, 0],
        [0, 0],
      ]),
    ).toBeNull();
  });
});
