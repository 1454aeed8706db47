// The editor's save path without VS Code: the data core's LineIndex gives the document its
// ranges, a save rewrites lines with new lengths, and LineIndex.afterSave shifts the index onto
// the saved file instead of reading it again. The shifted index must equal a fresh build.
import { appendFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CurationEdit } from "../../../schemas/src/records";
import type { EditProvenance } from "../../../extension/src/curation/audit-trail";
import { CurationDocument } from "../../../extension/src/curation/curation-document";
import { IndexLineRanges } from "../../../extension/src/curation-editor/index-line-ranges";
import { LineIndex } from "../../../extension/src/data/line-index";
import { COMPACT, ESCAPED, LABELED, MALFORMED, buildFile } from "./jsonl-fixtures";

const human: EditProvenance = { author: "ada", source: "human" };

let dir: string;
/** What a test opened: indexes and documents hold their files open until closed. */
const indexes: { close(): Promise<void> }[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "save-index-"));
});
afterEach(async () => {
  await Promise.all(indexes.splice(0).map((i) => i.close()));
  await rm(dir, { recursive: true, force: true });
});

async function built(path: string): Promise<LineIndex> {
  const index = await LineIndex.open(path);
  indexes.push(index);
  await index.build();
  return index;
}

function spans(index: LineIndex) {
  return Array.from({ length: index.lineCount }, (_, i) => index.span(i));
}

/** BOM, CRLF, blank lines, a malformed line and a last line still being written. */
const PARTS: ReadonlyArray<readonly [string, string]> = [
  [LABELED, "\n"],
  [MALFORMED, "\n"],
  ["", "\n"],
  [ESCAPED, "\r\n"],
  ["   ", "\n"],
  [COMPACT, "\n"],
  [LABELED.replace("Natalia", "Nat"), "\r\n"],
  ['{"query": "still being writ', ""],
];

describe("LineIndex.afterSave", () => {
  it.each<[string, CurationEdit[]]>([
    [
      "the first line grows",
      [{ type: "set-note", line: 0, solutionId: 1, value: "n".repeat(300) }],
    ],
    ["a CRLF line shrinks", [{ type: "set-correct", line: 3, solutionId: 1, value: true }]],
    [
      "the last indexed line and a middle line change",
      [
        { type: "set-correct", line: 6, solutionId: 2, value: true },
        { type: "set-step-label", line: 5, solutionId: 1, step: 0, value: -1 },
      ],
    ],
  ])("equals a fresh index of the saved file when %s", async (_what, edits) => {
    const path = join(dir, "x_labeled_by_judge.jsonl");
    await writeFile(path, buildFile(PARTS, true).bytes);
    const index = await built(path);
    const doc = await CurationDocument.open({ path, lines: new IndexLineRanges(index) });
    indexes.push(doc);
    for (const e of edits) await doc.applyEdit(e, human);
    const result = await doc.save();
    if (result.kind !== "saved") throw new Error(JSON.stringify(result));
    expect([...result.lineDeltas.keys()].sort()).toEqual(edits.map((e) => e.line).sort());

    const shifted = await index.afterSave(result.lineDeltas);
    indexes.push(shifted);
    const fresh = await built(path);
    expect(spans(shifted)).toEqual(spans(fresh));
    expect(shifted.indexedBytes).toBe(fresh.indexedBytes);
    expect(shifted.hasBom).toBe(true);
    expect(await shifted.readLines(0, shifted.lineCount)).toEqual(
      await fresh.readLines(0, fresh.lineCount),
    );
    // The old index still reads the old file until it is closed.
    expect(await index.readLine(0)).toBe(LABELED);

    // The unfinished last line, then a new one, arrive: extend() takes them as on a fresh index.
    await appendFile(path, 'ten"}\n{"query": "next"}\n');
    expect(await shifted.extend()).toEqual({ status: "appended", lines: 2 });
    expect(await shifted.readLines(shifted.lineCount - 2, 2)).toEqual([
      '{"query": "still being written"}',
      '{"query": "next"}',
    ]);
  });

  it("keeps the bytes of a 3,000-line file saved through the kernel-copy path", async () => {
    const parts: Array<readonly [string, string]> = [];
    for (let i = 0; i < 3000; i++)
      parts.push([LABELED.replace("48 friends", `${i} friends`), i % 3 ? "\n" : "\r\n"]);
    const path = join(dir, "big_labeled_by_judge.jsonl");
    const { bytes } = buildFile(parts);
    await writeFile(path, bytes);
    const index = await built(path);
    const doc = await CurationDocument.open({ path, lines: new IndexLineRanges(index) });
    indexes.push(doc);
    await doc.applyEdit({ type: "set-correct", line: 2999, solutionId: 1, value: false }, human);
    await doc.applyEdit({ type: "set-correct", line: 2990, solutionId: 2, value: true }, human);
    const result = await doc.save();
    if (result.kind !== "saved") throw new Error(JSON.stringify(result));
    const saved = await readFile(path);
    const cut = index.span(2990).start;
    expect(saved.subarray(0, cut).equals(bytes.subarray(0, cut))).toBe(true);
    const shifted = await index.afterSave(result.lineDeltas);
    indexes.push(shifted);
    expect(spans(shifted)).toEqual(spans(await built(path)));
    expect(JSON.parse(await shifted.readLine(2999))).toMatchObject({
      labels: [false, false, true],
    });
    expect(JSON.parse(await shifted.readLine(2990))).toMatchObject({ labels: [true, true, true] });
  });
});
