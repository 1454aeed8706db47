import { appendFileSync } from "node:fs";
import {
  appendFile,
  lstat,
  mkdir,
  symlink,
  mkdtemp,
  readFile,
  readdir,
  rename,
  rm,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CurationEdit } from "../../../schemas/src/records";
import { AuditTrail, type EditProvenance } from "../../../extension/src/curation/audit-trail";
import { CurationDocument } from "../../../extension/src/curation/curation-document";
import { rewriteLine } from "../../../extension/src/curation/line-rewriter";
import { COMPACT, ESCAPED, LABELED, MALFORMED, buildFile, rangesOf } from "./jsonl-fixtures";

const human: EditProvenance = { author: "ada", source: "human", reason: "checked by hand" };
const judge: EditProvenance = {
  author: "ada",
  source: "judge",
  model: "Qwen/Qwen2.5-72B-Instruct",
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "curation-doc-"));
});
/** Documents a test opened: each holds its file open until closed. */
const opened: CurationDocument[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((d) => d.close().catch(() => undefined)));
  await rm(dir, { recursive: true, force: true });
});
const openDocument = async (
  options: Parameters<typeof CurationDocument.open>[0],
): Promise<CurationDocument> => {
  const doc = await CurationDocument.open(options);
  opened.push(doc);
  return doc;
};

/** Every awkward line a results file can hold; line 0 carries a BOM, the last has no newline. */
const PARTS: ReadonlyArray<readonly [string, string]> = [
  [LABELED, "\n"],
  [MALFORMED, "\n"],
  ["", "\n"],
  [ESCAPED, "\r\n"],
  ["   ", "\n"],
  [COMPACT, "\n"],
  ["not json at all ☃", "\n"],
  [LABELED.replace("Natalia", "Nat"), "\n"],
  ['{"query": "truncated', ""],
];

async function setup(parts = PARTS, bom = true) {
  const file = buildFile(parts, bom);
  const path = join(dir, "llm_debate_infer_labeled_by_judge.jsonl");
  await writeFile(path, file.bytes);
  return { path, ...file };
}

function offsetsOf(bytes: Buffer): number[] {
  const r = rangesOf(bytes);
  return [...Array.from({ length: r.count }, (_, i) => r.start(i)), bytes.length];
}

/** The file as it should be after applying edits to some lines, every other byte unchanged. */
function expectedAfter(bytes: Buffer, offsets: number[], edits: readonly CurationEdit[]): Buffer {
  const lines = offsets.slice(0, -1).map((s, i) => bytes.subarray(s, offsets[i + 1]));
  for (const e of edits) {
    const raw = lines[e.line]!;
    const cut = raw.at(-1) === 0x0a ? (raw.at(-2) === 0x0d ? 2 : 1) : 0;
    const text = rewriteLine(raw.subarray(0, raw.length - cut), e).text;
    lines[e.line] = Buffer.concat([text, raw.subarray(raw.length - cut)]);
  }
  return Buffer.concat(lines);
}

describe("CurationDocument", () => {
  it("saves edits and keeps every untouched byte (BOM, CRLF, blank, malformed, truncated)", async () => {
    const { path, bytes, lines, offsets } = await setup();
    const doc = await openDocument({ path, lines });
    const edits: CurationEdit[] = [
      { type: "set-correct", line: 0, solutionId: 2, value: true },
      { type: "set-correct", line: 3, solutionId: 1, value: true },
      { type: "set-step-label", line: 5, solutionId: 1, step: 0, value: 1 },
    ];
    for (const e of edits) await doc.applyEdit(e, human);
    expect(doc.isDirty).toBe(true);
    expect(doc.editedLines).toEqual([0, 3, 5]);
    const result = await doc.save();
    expect(result).toMatchObject({ kind: "saved", auditEntries: 3 });
    expect(doc.isDirty).toBe(false);
    const saved = await readFile(path);
    expect(saved.equals(expectedAfter(bytes, offsets, edits))).toBe(true);
    expect(saved.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
    expect(saved.toString().endsWith('\n{"query": "truncated')).toBe(true);
    expect(
      saved.includes(
        Buffer.from(
          ESCAPED.replace(
            '"is_correct": false}, {"id": 2',
            '"is_correct": true}, {"id": 2',
          ).replace('"labels": [false, true]', '"labels": [true, true]') + "\r\n",
        ),
      ),
    ).toBe(true);
  });

  it("asks for the separator of the row being labeled, and the first label records it", async () => {
    const { path, lines } = await setup();
    const asked: [string | null, number][] = [];
    const doc = await openDocument({
      path,
      lines,
      separator: (query, solutionId) => {
        asked.push([query, solutionId]);
        return "\n";
      },
    });
    await doc.applyEdit(
      { type: "set-step-label", line: 5, solutionId: 1, step: 0, value: 1 },
      human,
    );
    expect(asked).toEqual([[(JSON.parse(COMPACT) as { query: string }).query, 1]]);
    const pinned = '"separators":{"1":"\\n"}';
    expect((await doc.readLine(5)).toString()).toContain(pinned);
    // The edit keeps that separator: a hot-exit restore under another setting writes the same.
    const backupPath = join(dir, "separator.backup.json");
    await doc.backup(backupPath);
    const { document } = await CurationDocument.restoreFromBackup(backupPath, {
      path,
      lines,
      separator: () => ";",
    });
    opened.push(document);
    expect((await document.readLine(5)).toString()).toContain(pinned);
  });

  it("refuses to edit malformed lines and leaves them alone", async () => {
    const { path, lines } = await setup();
    const doc = await openDocument({ path, lines });
    await expect(
      doc.applyEdit({ type: "set-correct", line: 1, solutionId: 1, value: true }, human),
    ).rejects.toThrow();
    await expect(
      doc.applyEdit({ type: "set-note", line: 99, solutionId: null, value: "x" }, human),
    ).rejects.toThrow(RangeError);
    expect(doc.isDirty).toBe(false);
  });

  it("returns to the original bytes when every edit is undone, even after a save", async () => {
    const { path, bytes, lines } = await setup();
    const doc = await openDocument({ path, lines });
    const edits: CurationEdit[] = [
      { type: "set-correct", line: 7, solutionId: 1, value: false },
      { type: "set-note", line: 7, solutionId: 1, value: "arithmetic slip" },
      { type: "set-step-label", line: 3, solutionId: 2, step: 3, value: -1 },
      { type: "set-step-label", line: 3, solutionId: 2, step: 0, value: "unsure" },
      { type: "set-correct", line: 0, solutionId: 1, value: null },
    ];
    const inverses: CurationEdit[] = [];
    for (const e of edits) inverses.unshift((await doc.applyEdit(e, human)).inverse);
    await doc.save();
    expect((await readFile(path)).equals(bytes)).toBe(false);
    for (const inv of inverses) await doc.applyEdit(inv, human);
    expect(doc.isDirty).toBe(true);
    await doc.save();
    expect((await readFile(path)).equals(bytes)).toBe(true);
  });

  it("keeps labels and is_correct consistent through edits", async () => {
    const { path, lines } = await setup();
    const doc = await openDocument({ path, lines });
    await doc.applyEdit({ type: "set-correct", line: 0, solutionId: 1, value: false }, judge);
    await doc.applyEdit({ type: "set-correct", line: 0, solutionId: 3, value: false }, human);
    const row = JSON.parse((await doc.readLine(0)).toString().slice(1)) as {
      solutions: { is_correct: boolean }[];
      labels: boolean[];
    };
    expect(row.labels).toEqual([false, false, false]);
    expect(row.solutions.map((s) => s.is_correct)).toEqual(row.labels);
  });

  it("writes the audit trail at save time: net edits in order, undone ones left out", async () => {
    const { path, lines } = await setup();
    const times = [
      "2026-01-01T00:00:00.000Z",
      "2026-01-01T00:00:01.000Z",
      "2026-01-01T00:00:02.000Z",
    ];
    let t = 0;
    const doc = await openDocument({ path, lines, now: () => new Date(times[t++]!) });
    await doc.applyEdit({ type: "set-correct", line: 0, solutionId: 2, value: true }, judge);
    const undone = await doc.applyEdit(
      { type: "set-note", line: 5, solutionId: null, value: "x" },
      human,
    );
    await doc.applyEdit(undone.inverse, human);
    await doc.applyEdit(
      { type: "set-step-label", line: 0, solutionId: 1, step: 1, value: 1 },
      human,
    );
    await doc.save();
    const trail = new AuditTrail(path);
    const all = await trail.all();
    expect(all.map((e) => e.edit.type)).toEqual(["set-correct", "set-step-label"]);
    expect(all[0]).toMatchObject({
      source: "judge",
      model: "Qwen/Qwen2.5-72B-Instruct",
      before: false,
      line: 0,
      time: times[0],
    });
    const forRecord = await trail.entriesFor((JSON.parse(LABELED) as { query: string }).query);
    expect(forRecord).toHaveLength(2);
    expect(await trail.entriesFor("no such query")).toEqual([]);
  });

  it("leaves the original intact when writing fails midway, and cleans up its temp file", async () => {
    const { path, bytes, lines } = await setup();
    const doc = await openDocument({
      path,
      lines,
      saveHooks: {
        afterWrite(written) {
          if (written > 100) throw new Error("disk full (simulated)");
        },
      },
    });
    await doc.applyEdit({ type: "set-correct", line: 7, solutionId: 1, value: false }, human);
    await expect(doc.save()).rejects.toThrow("disk full");
    expect((await readFile(path)).equals(bytes)).toBe(true);
    expect((await readdir(dir)).sort()).toEqual(["llm_debate_infer_labeled_by_judge.jsonl"]);
    expect(doc.isDirty).toBe(true);
  });

  it("copies a file of many chunks with writes in flight, byte for byte, or leaves it intact", async () => {
    // ~100 MB of distinct lines: a chunk written at the wrong offset shows in the bytes.
    const parts = Array.from(
      { length: 23_000 },
      (_, i) =>
        [
          LABELED.replace(
            '"gt": "72"',
            `"gt": "72", "i": ${i}, "pad": "${"p".repeat(4000 + (i % 97))}"`,
          ),
          "\n",
        ] as const,
    );
    const { path, bytes, lines, offsets } = await setup(parts);
    // Edits near the start: every byte after them goes through user space.
    const edits: CurationEdit[] = [
      { type: "set-correct", line: 1, solutionId: 2, value: true },
      { type: "set-step-label", line: 11_000, solutionId: 1, step: 1, value: -1 },
    ];
    let failAt = 60 * 1024 * 1024;
    const doc = await openDocument({
      path,
      lines,
      saveHooks: {
        afterWrite(written) {
          if (written > failAt) throw new Error("disk full (simulated)");
        },
      },
    });
    for (const e of edits) await doc.applyEdit(e, human);
    // A write failing while others are in flight: the original stays, the temp file goes.
    await expect(doc.save()).rejects.toThrow("disk full");
    expect((await readFile(path)).equals(bytes)).toBe(true);
    expect(await readdir(dir)).toEqual(["llm_debate_infer_labeled_by_judge.jsonl"]);
    failAt = Infinity;
    expect(await doc.save()).toMatchObject({ kind: "saved" });
    expect((await readFile(path)).equals(expectedAfter(bytes, offsets, edits))).toBe(true);
  });

  it("leaves the original intact when the rename fails", async () => {
    const { path, bytes, lines } = await setup();
    const doc = await openDocument({
      path,
      lines,
      saveHooks: {
        beforeRename() {
          throw new Error("EROFS (simulated)");
        },
      },
    });
    await doc.applyEdit({ type: "set-correct", line: 0, solutionId: 1, value: false }, human);
    await expect(doc.save()).rejects.toThrow("EROFS");
    expect((await readFile(path)).equals(bytes)).toBe(true);
    expect(await readdir(dir)).toHaveLength(1);
  });

  it("merges lines appended on disk since the file was opened", async () => {
    const parts = PARTS.slice(0, -1);
    const { path, bytes, lines, offsets } = await setup(parts);
    const doc = await openDocument({ path, lines });
    const edit: CurationEdit = { type: "set-correct", line: 7, solutionId: 2, value: true };
    await doc.applyEdit(edit, human);
    const appended = `${COMPACT.replace("2+2", "3+3")}\n{"partial`;
    await appendFile(path, appended);
    const result = await doc.save();
    expect(result).toMatchObject({ kind: "saved", unindexedBytes: Buffer.byteLength(appended) });
    const expected = Buffer.concat([expectedAfter(bytes, offsets, [edit]), Buffer.from(appended)]);
    expect((await readFile(path)).equals(expected)).toBe(true);
  });

  it("keeps lines a running job appends while the save is copying", async () => {
    const parts = PARTS.slice(0, -1);
    const { path, bytes, lines, offsets } = await setup(parts);
    const late = `${COMPACT.replace("2+2", "5+5")}\n`;
    let appended = false;
    const doc = await openDocument({
      path,
      lines,
      saveHooks: {
        afterWrite() {
          if (!appended) appendFileSync(path, late);
          appended = true;
        },
      },
    });
    const edit: CurationEdit = { type: "set-correct", line: 0, solutionId: 1, value: false };
    await doc.applyEdit(edit, human);
    expect(await doc.save()).toMatchObject({ kind: "saved", unindexedBytes: late.length });
    const expected = Buffer.concat([expectedAfter(bytes, offsets, [edit]), Buffer.from(late)]);
    expect((await readFile(path)).equals(expected)).toBe(true);
  });

  it("keeps a 20 MB line, invalid UTF-8, values that are not objects and duplicate queries byte for byte", async () => {
    const parts = [
      Buffer.from(`${LABELED}\n`),
      Buffer.from(`{"query": "long", "text": "${"x".repeat(20 * 1024 * 1024)}"}\n`),
      Buffer.from([
        ...Buffer.from('{"query": "bad \u00e9 '),
        0xff,
        0xfe,
        0xc3,
        ...Buffer.from('"}\n'),
      ]),
      Buffer.from('[1, 2]\n42\n"just a string"\nnull\n'),
      Buffer.from(`${LABELED}\n`),
      Buffer.from(`${ESCAPED}\n`),
      Buffer.from(`${COMPACT}\n`),
    ];
    const bytes = Buffer.concat(parts);
    const path = join(dir, "odd_labeled_by_judge.jsonl");
    await writeFile(path, bytes);
    const lines = rangesOf(bytes);
    const offsets = Array.from({ length: lines.count + 1 }, (_, i) =>
      i < lines.count ? lines.start(i) : lines.end(lines.count - 1),
    );
    const duplicate = 7;
    expect(lines.count).toBe(10);
    const doc = await openDocument({ path, lines });
    // A value that is not an object has no solutions to correct.
    await expect(
      doc.applyEdit({ type: "set-correct", line: 3, solutionId: 1, value: true }, human),
    ).rejects.toThrow();
    const edits: CurationEdit[] = [
      { type: "set-correct", line: 0, solutionId: 2, value: true },
      { type: "set-correct", line: duplicate, solutionId: 1, value: false },
      { type: "set-step-label", line: 9, solutionId: 1, step: 0, value: -1 },
    ];
    for (const e of edits) await doc.applyEdit(e, human);
    expect(await doc.save()).toMatchObject({ kind: "saved", auditEntries: 3 });
    expect((await readFile(path)).equals(expectedAfter(bytes, offsets, edits))).toBe(true);
    // The two rows with the same query keep their own edits, each audited at its own line.
    const audit = await new AuditTrail(path).all();
    expect(audit.map((a) => [a.line, a.query === audit[0]!.query])).toEqual([
      [0, true],
      [duplicate, true],
      [9, false],
    ]);
    await doc.close();
  });

  it("opens and saves an empty file, and refuses an edit past its end", async () => {
    const path = join(dir, "empty_labeled_by_judge.jsonl");
    await writeFile(path, "");
    const doc = await openDocument({ path, lines: rangesOf(Buffer.alloc(0)) });
    await expect(
      doc.applyEdit({ type: "set-correct", line: 0, solutionId: 1, value: true }, human),
    ).rejects.toThrow(/outside the file/);
    expect(doc.isDirty).toBe(false);
    expect(await doc.save()).toMatchObject({ kind: "saved", bytesWritten: 0 });
    expect((await readFile(path)).length).toBe(0);
    await doc.close();
  });

  it("reports a conflict, and writes nothing, when the file was rewritten", async () => {
    const { path, lines, bytes } = await setup();
    const doc = await openDocument({ path, lines });
    await doc.applyEdit({ type: "set-correct", line: 0, solutionId: 2, value: true }, human);
    const rewritten = Buffer.from(bytes.toString().replace("Natalia", "Natasha"));
    await writeFile(path, rewritten);
    const result = await doc.save();
    expect(result.kind).toBe("conflict");
    expect((await readFile(path)).equals(rewritten)).toBe(true);
    expect(doc.isDirty).toBe(true);
  });

  it("saves as another file, from the file as it was opened, after another file took its name", async () => {
    const { path, lines, bytes, offsets } = await setup();
    const doc = await openDocument({ path, lines });
    const edit: CurationEdit = { type: "set-correct", line: 0, solutionId: 2, value: true };
    await doc.applyEdit(edit, human);
    // A rerun's results synced over it: a new file renamed onto the name.
    const rerun = Buffer.from(bytes.toString().replace("Natalia", "Natasha"));
    await writeFile(`${path}.new`, rerun);
    await rename(`${path}.new`, path);
    expect(await doc.save()).toMatchObject({ kind: "conflict" });
    const copy = join(dir, "kept.jsonl");
    expect(await doc.saveAs(copy)).toMatchObject({ kind: "saved", path: copy });
    expect((await readFile(copy)).equals(expectedAfter(bytes, offsets, [edit]))).toBe(true);
    expect((await readFile(path)).equals(rerun)).toBe(true);
    await doc.close();
  });

  it("refuses to save as another file when the file as it was opened was rewritten in place", async () => {
    const { path, lines, bytes } = await setup();
    const doc = await openDocument({ path, lines });
    await doc.applyEdit({ type: "set-correct", line: 0, solutionId: 2, value: true }, human);
    await writeFile(path, Buffer.from(bytes.toString().replace("Natalia", "Natasha")));
    const copy = join(dir, "kept.jsonl");
    const result = await doc.saveAs(copy);
    expect(result).toMatchObject({ kind: "conflict" });
    expect(result.kind === "conflict" && result.reason).toMatch(/as it was opened changed too/);
    await expect(readFile(copy)).rejects.toThrow(/ENOENT/);
    expect(doc.isDirty).toBe(true);
    await doc.close();
  });

  it("notices a same-size rewrite of a line it did not edit", async () => {
    const { path, lines, bytes } = await setup();
    const doc = await openDocument({ path, lines });
    await doc.applyEdit({ type: "set-correct", line: 0, solutionId: 2, value: true }, human);
    const rewritten = Buffer.from(bytes.toString().replace("What is 2+2?", "What is 3+3?"));
    expect(rewritten.length).toBe(bytes.length);
    await writeFile(path, rewritten);
    expect(await doc.save()).toMatchObject({ kind: "conflict" });
    expect((await readFile(path)).equals(rewritten)).toBe(true);
  });

  it("reports a conflict when the file shrank or a truncated last line was extended", async () => {
    const { path, lines, bytes } = await setup();
    const doc = await openDocument({ path, lines });
    await doc.applyEdit({ type: "set-correct", line: 0, solutionId: 2, value: true }, human);
    await appendFile(path, '", "gt": "1"}\n');
    expect((await doc.save()).kind).toBe("conflict");
    await writeFile(path, bytes.subarray(0, 50));
    expect((await doc.save()).kind).toBe("conflict");
  });

  it("keeps line ranges right after a save changes line lengths", async () => {
    const { path, lines } = await setup();
    const doc = await openDocument({ path, lines });
    await doc.applyEdit({ type: "set-correct", line: 0, solutionId: 1, value: false }, human);
    await doc.applyEdit(
      { type: "set-note", line: 3, solutionId: null, value: "long note ".repeat(20) },
      human,
    );
    await doc.save();
    const onDisk = await readFile(path);
    const truth = rangesOf(onDisk);
    for (let i = 0; i < doc.lines.count; i++) {
      expect([doc.lines.start(i), doc.lines.end(i)]).toEqual([truth.start(i), truth.end(i)]);
    }
    await doc.applyEdit({ type: "set-correct", line: 5, solutionId: 2, value: true }, human);
    expect((await doc.save()).kind).toBe("saved");
    expect(JSON.parse((await doc.readLine(5)).toString())).toMatchObject({ labels: [true, true] });
  });

  it("saves an edit near the end of a larger file through the kernel-copy path", async () => {
    const many: Array<readonly [string, string]> = [];
    for (let i = 0; i < 2000; i++) many.push([LABELED.replace("48 friends", `${i} friends`), "\n"]);
    const { path, bytes, lines, offsets } = await setup(many, false);
    const doc = await openDocument({ path, lines });
    const edit: CurationEdit = { type: "set-correct", line: 1990, solutionId: 2, value: true };
    await doc.applyEdit(edit, human);
    await doc.save();
    expect((await readFile(path)).equals(expectedAfter(bytes, offsets, [edit]))).toBe(true);
  });

  it("saves edits across a file of tens of MB, flushed to disk while it is copied", async () => {
    // Edits from the first line on take the user-space copy; past 16 MiB written, early
    // flushes run alongside the writes (EarlyWriteback) and must not disturb a byte.
    const many: Array<readonly [string, string]> = [];
    for (let i = 0; many.length * LABELED.length < 40 * 2 ** 20; i++)
      many.push([LABELED.replace("48 friends", `${i} friends`), "\n"]);
    const { path, bytes, lines, offsets } = await setup(many, false);
    expect(bytes.length).toBeGreaterThan(40 * 2 ** 20);
    const doc = await openDocument({ path, lines });
    const last = many.length - 1;
    const edits: CurationEdit[] = [
      { type: "set-correct", line: 0, solutionId: 2, value: true },
      { type: "set-note", line: last >> 1, solutionId: 1, value: "halfway: 24 + 24" },
      { type: "set-correct", line: last, solutionId: 3, value: false },
    ];
    for (const e of edits) await doc.applyEdit(e, human);
    expect((await doc.save()).kind).toBe("saved");
    expect((await readFile(path)).equals(expectedAfter(bytes, offsets, edits))).toBe(true);
    expect((await readdir(dir)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it.each([
    ["a small file (user-space copy)", 3],
    ["a larger file (kernel copy, then the tail)", 2000],
  ])("edits the last line of %s that has no trailing newline", async (_what, count) => {
    const many: Array<readonly [string, string]> = [];
    for (let i = 0; i < count; i++)
      many.push([LABELED.replace("48 friends", `${i} friends`), i === count - 1 ? "" : "\r\n"]);
    const { path, bytes, lines, offsets } = await setup(many, false);
    const doc = await openDocument({ path, lines });
    const edits: CurationEdit[] = [
      { type: "set-note", line: count - 1, solutionId: 2, value: "checked: 48 + 24" },
      { type: "set-correct", line: count - 2, solutionId: 3, value: false },
    ];
    for (const e of edits) await doc.applyEdit(e, human);
    await doc.save();
    const saved = await readFile(path);
    expect(saved.equals(expectedAfter(bytes, offsets, edits))).toBe(true);
    expect(saved.at(-1)).toBe(0x7d);
  });

  /**
   * With keepLineLength on: each edited line of `saved` holds the value the plain rewrite gives
   * (`expected`), at its old length where `fits` says so; every other line is byte for byte.
   */
  function expectFitted(
    saved: Buffer,
    bytes: Buffer,
    offsets: number[],
    edits: readonly CurationEdit[],
    fits: (line: number) => boolean,
  ) {
    const expected = expectedAfter(bytes, offsets, edits);
    const split = (b: Buffer) => {
      const r = rangesOf(b);
      return Array.from({ length: r.count }, (_, i) => b.subarray(r.start(i), r.end(i)));
    };
    const [got, want, old] = [split(saved), split(expected), split(bytes)];
    expect(got.length).toBe(old.length);
    const edited = new Set(edits.map((e) => e.line));
    for (let i = 0; i < old.length; i++) {
      if (!edited.has(i)) {
        expect(got[i]!.equals(old[i]!), `line ${i} untouched`).toBe(true);
        continue;
      }
      // The same tokens (NaN included) with whitespace between them dropped.
      const tokens = (b: Buffer) =>
        b.toString("utf8").replace(/("(?:[^"\\]|\\.)*")|\s+/g, (_m, str: string) => str ?? "");
      expect(tokens(got[i]!)).toBe(tokens(want[i]!));
      expect(got[i]!.subarray(-2).equals(want[i]!.subarray(-2))).toBe(true);
      expect(got[i]!.length).toBe(fits(i) ? old[i]!.length : want[i]!.length);
    }
  }

  it("keeps each edited line's length when asked, and its value, so the rest keeps its offsets", async () => {
    const { path, bytes, lines, offsets } = await setup();
    let keep = true;
    const doc = await openDocument({ path, lines, keepLineLength: () => keep });
    const edits: CurationEdit[] = [
      // Two bytes shorter (BOM line: is_correct and labels), two longer (CRLF, \u escapes).
      { type: "set-correct", line: 0, solutionId: 2, value: true },
      { type: "set-correct", line: 3, solutionId: 2, value: false },
      // A compact row that grows by a whole block: no whitespace to give, written at its length.
      { type: "set-step-label", line: 5, solutionId: 1, step: 0, value: 1 },
    ];
    for (const e of edits) await doc.applyEdit(e, human);
    const result = await doc.save();
    expect(result.kind === "saved" && [...result.lineDeltas]).toEqual([
      [0, 0],
      [3, 0],
      [5, ',"agentark_studio":{"step_labels":{"1":[1]}}'.length],
    ]);
    const saved = await readFile(path);
    expectFitted(saved, bytes, offsets, edits, (line) => line !== 5);
    expect(saved.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
    // The index the document shifted agrees with the file.
    const truth = rangesOf(saved);
    for (let i = 0; i < doc.lines.count; i++)
      expect([doc.lines.start(i), doc.lines.end(i)]).toEqual([truth.start(i), truth.end(i)]);
    // Undone and saved again, the row returns to its first bytes.
    await doc.applyEdit({ ...edits[0]!, value: false } as CurationEdit, human);
    await doc.save();
    expect(
      (await readFile(path)).subarray(0, offsets[1]).equals(bytes.subarray(0, offsets[1])),
    ).toBe(true);
    // Asked at each save: turned off, a row is written at its own length.
    keep = false;
    await doc.applyEdit(edits[0]!, human);
    await doc.save();
    expect((await readFile(path)).length).toBe(saved.length - 2);
  });

  it("gives a row edited back after a save its first bytes again, not padded or compacted", async () => {
    const { path, bytes, lines } = await setup();
    const doc = await openDocument({ path, lines, keepLineLength: () => true });
    // Line 0 grows when solution 1 turns false (compacted), line 3 shrinks when 1 turns true.
    const edits: CurationEdit[] = [
      { type: "set-correct", line: 0, solutionId: 1, value: false },
      { type: "set-correct", line: 3, solutionId: 1, value: true },
    ];
    const inverses: CurationEdit[] = [];
    for (const e of edits) inverses.push((await doc.applyEdit(e, human)).inverse);
    await doc.save();
    const saved = await readFile(path);
    expect(saved.length).toBe(bytes.length);
    expect(saved.equals(bytes)).toBe(false);
    // What the editor does after a save: the model starts over on the saved file, no history.
    await doc.revert(doc.lines, true);
    for (const e of inverses) await doc.applyEdit(e, human);
    await doc.save();
    expect((await readFile(path)).equals(bytes)).toBe(true);
  });

  it("saves an edit on a row that was malformed before the file was replaced and reverted", async () => {
    const valid = '{"query": "q", "solutions": [{"id": 1, "is_correct": true}], "labels": [true]}';
    // Cut inside a string, at the same length: what a job still writing leaves.
    const malformed = `${valid.slice(0, 30)}"${"x".repeat(valid.length - 31)}`;
    const path = join(dir, "run_infer_labeled_by_judge.jsonl");
    await writeFile(path, `${valid}\n${malformed}\n`);
    const doc = await openDocument({
      path,
      lines: rangesOf(await readFile(path)),
      keepLineLength: () => true,
    });
    const edit: CurationEdit = { type: "set-correct", line: 1, solutionId: 1, value: false };
    await expect(doc.applyEdit(edit, human)).rejects.toThrow(/unterminated string/);
    // The job finishes: another file takes the name, the editor starts over on it.
    await writeFile(`${path}.new`, `${valid}\n${valid}\n`);
    await rename(`${path}.new`, path);
    await doc.revert(rangesOf(await readFile(path)));
    await doc.applyEdit(edit, human);
    expect((await doc.save()).kind).toBe("saved");
    const [, second] = (await readFile(path, "utf8")).split("\n");
    expect(JSON.parse(second!)).toMatchObject({ labels: [false] });
  });

  it("writes same-length rows in place after a kernel copy, before and after a row that moves", async () => {
    const many: Array<readonly [string, string]> = [];
    for (let i = 0; i < 2000; i++) many.push([LABELED.replace("48 friends", `${i} friends`), "\n"]);
    const { path, bytes, lines, offsets } = await setup(many, false);
    const doc = await openDocument({ path, lines, keepLineLength: () => true });
    const edits: CurationEdit[] = [
      { type: "set-correct", line: 2, solutionId: 2, value: true },
      { type: "set-correct", line: 700, solutionId: 1, value: false },
      // A long note cannot fit: from this row on (past half the file) the bytes move.
      { type: "set-note", line: 1500, solutionId: 1, value: "long note ".repeat(30) },
      { type: "set-correct", line: 1990, solutionId: 3, value: false },
    ];
    for (const e of edits) await doc.applyEdit(e, human);
    expect((await doc.save()).kind).toBe("saved");
    const saved = await readFile(path);
    expectFitted(saved, bytes, offsets, edits, (line) => line !== 1500);
    // Nothing moves at all: the file keeps its length, only that row's bytes differ.
    const edit: CurationEdit = { type: "set-correct", line: 1, solutionId: 1, value: false };
    await doc.applyEdit(edit, human);
    await doc.save();
    expectFitted(await readFile(path), saved, [...offsetsOf(saved)], [edit], () => true);
  });

  it("saveAs writes the edited copy elsewhere and keeps the original and the edits", async () => {
    const { path, bytes, lines, offsets } = await setup();
    const doc = await openDocument({ path, lines });
    const edit: CurationEdit = { type: "set-correct", line: 5, solutionId: 1, value: false };
    await doc.applyEdit(edit, human);
    const target = join(dir, "copy.jsonl");
    expect(await doc.saveAs(target)).toMatchObject({ kind: "saved", path: target });
    expect((await readFile(target)).equals(expectedAfter(bytes, offsets, [edit]))).toBe(true);
    expect((await readFile(path)).equals(bytes)).toBe(true);
    expect(doc.isDirty).toBe(true);
    expect(await new AuditTrail(target).all()).toHaveLength(1);
  });

  it("does not touch the file or the audit trail when the edits cancel out", async () => {
    const { path, bytes, lines } = await setup();
    const doc = await openDocument({ path, lines });
    await doc.applyEdit({ type: "set-note", line: 0, solutionId: 1, value: "a" }, human);
    await doc.applyEdit({ type: "set-note", line: 0, solutionId: 1, value: null }, human);
    expect(doc.isDirty).toBe(false);
    expect(await doc.save()).toMatchObject({ kind: "saved", bytesWritten: 0, auditEntries: 0 });
    expect((await readFile(path)).equals(bytes)).toBe(true);
    expect(await new AuditTrail(path).all()).toEqual([]);
  });

  it("saves through a symlink into the file it points to", async () => {
    const { path, bytes, lines, offsets } = await setup();
    await mkdir(join(dir, "links"));
    const link = join(dir, "links", "results.jsonl");
    await symlink(path, link);
    const doc = await openDocument({ path: link, lines });
    const edit: CurationEdit = { type: "set-correct", line: 0, solutionId: 2, value: true };
    await doc.applyEdit(edit, human);
    expect((await doc.save()).kind).toBe("saved");
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect((await readFile(path)).equals(expectedAfter(bytes, offsets, [edit]))).toBe(true);
  });

  it("reverts to the file on disk", async () => {
    const { path, bytes, lines } = await setup();
    const doc = await openDocument({ path, lines });
    await doc.applyEdit({ type: "set-correct", line: 0, solutionId: 2, value: true }, human);
    await doc.revert();
    expect(doc.isDirty).toBe(false);
    expect(doc.pendingEdits).toEqual([]);
    await doc.save();
    expect((await readFile(path)).equals(bytes)).toBe(true);
  });

  it("backs up only the edits and restores them onto the original", async () => {
    const { path, lines, bytes, offsets } = await setup();
    const doc = await openDocument({ path, lines });
    const edits: CurationEdit[] = [
      { type: "set-correct", line: 0, solutionId: 2, value: true },
      { type: "set-step-label", line: 3, solutionId: 1, step: 0, value: 1 },
    ];
    for (const e of edits) await doc.applyEdit(e, human);
    const backupPath = join(dir, "backup.json");
    await doc.backup(backupPath);
    const backup = await readFile(backupPath, "utf8");
    expect(backup.length).toBeLessThan(2000);
    expect(backup).not.toContain("Step 2: 48/2");
    const { document, skipped } = await CurationDocument.restoreFromBackup(backupPath, {
      path,
      lines,
    });
    opened.push(document);
    expect(skipped).toEqual([]);
    expect(document.isDirty).toBe(true);
    await document.save();
    expect((await readFile(path)).equals(expectedAfter(bytes, offsets, edits))).toBe(true);
  });

  it("skips backed-up edits whose record no longer matches by query", async () => {
    const { path, lines } = await setup();
    const doc = await openDocument({ path, lines });
    await doc.applyEdit({ type: "set-correct", line: 0, solutionId: 2, value: true }, human);
    await doc.applyEdit({ type: "set-correct", line: 5, solutionId: 2, value: true }, human);
    const backupPath = join(dir, "backup.json");
    await doc.backup(backupPath);
    const changed = buildFile([[COMPACT, "\n"], [MALFORMED, "\n"], ...PARTS.slice(2)], true);
    await writeFile(path, changed.bytes);
    const { document, skipped, fileChanged } = await CurationDocument.restoreFromBackup(
      backupPath,
      { path, lines: changed.lines },
    );
    opened.push(document);
    expect(fileChanged).toBe(true);
    expect(skipped.map((s) => s.edit.line)).toEqual([0]);
    expect(document.pendingEdits.map((p) => p.edit.line)).toEqual([5]);
  });
});
