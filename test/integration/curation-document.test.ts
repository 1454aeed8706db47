import * as assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as vscode from "vscode";
import { CurationEditorDocument } from "../../extension/src/curation-editor/curation-editor-document";

// The curation editor's document in the extension host (the real `vscode` module): records it
// serves while the file is still indexed, before its sidecars are loaded, are shown again.
const QUERY = "What is 2 + 2?";
const INFER_ROW = JSON.stringify({
  query: QUERY,
  gt: "4",
  response:
    "===== Solution 1 =====\nTwo and two.\n\nSo \\boxed{4}\n===== Solution 2 =====\nFive. \\boxed{5}\n",
});
const LABELED_ROW = JSON.stringify({
  query: QUERY,
  gt: "4",
  solutions: [
    { id: 1, text: "Two and two.\n\nSo \\boxed{4}", is_correct: true },
    { id: 2, text: "Five. \\boxed{5}", is_correct: false },
  ],
  labels: [true, false],
});

describe("curation document in the extension host", () => {
  let dir: string;
  const opened: CurationEditorDocument[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "curation-doc-host-"));
  });

  afterEach(async () => {
    for (const doc of opened.splice(0)) doc.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  /** Opens `name` and reads its first record at once, as the webview may before the load ends. */
  async function openAndReadEarly(name: string) {
    const doc = await CurationEditorDocument.open(
      vscode.Uri.file(join(dir, name)),
      { separator: () => "\n\n", keepLineLength: () => true },
      undefined,
    );
    opened.push(doc);
    let resets = 0;
    const sub = doc.onDidReset(() => resets++);
    // Nothing has been awaited since open(): the index and the sidecars are still loading.
    const early = doc.readRecords(0, 1);
    await doc.whenReady();
    sub.dispose();
    return { doc, early: await early, resets };
  }

  it("shows again a record read before the labeled file was joined, with its verdicts", async () => {
    await writeFile(join(dir, "run_infer.jsonl"), `${INFER_ROW}\n`);
    await writeFile(join(dir, "run_infer_labeled_by_judge.jsonl"), `${LABELED_ROW}\n`);
    const { doc, early, resets } = await openAndReadEarly("run_infer.jsonl");
    const verdictsOf = (r: (typeof early)[number] | undefined) =>
      r?.view.solutions.map((s) => s.isCorrect);
    assert.ok(early.every((r) => verdictsOf(r)?.every((v) => v === null)));
    assert.equal(resets, 1, "one reset once the sidecars were loaded");
    const [record] = await doc.readRecords(0, 1);
    assert.deepEqual(verdictsOf(record), [true, false]);
  });

  it("does not reset when there are no sidecars to show", async () => {
    await writeFile(join(dir, "run_infer.jsonl"), `${INFER_ROW}\n`);
    const { resets } = await openAndReadEarly("run_infer.jsonl");
    assert.equal(resets, 0);
  });

  it("pins each labeled solution's separator: its sidecar's, else the setting's", async () => {
    const name = "run_infer_labeled_by_judge.jsonl";
    await writeFile(join(dir, name), `${LABELED_ROW}\n`);
    const sidecar = { query: QUERY, solution_id: 1, separator: "\n", scores: [0.5, 0.5] };
    await writeFile(
      join(dir, "run_infer_labeled_by_judge.step-scores.jsonl"),
      `${JSON.stringify(sidecar)}\n`,
    );
    const doc = await CurationEditorDocument.open(
      vscode.Uri.file(join(dir, name)),
      { separator: () => "|", keepLineLength: () => true },
      undefined,
    );
    opened.push(doc);
    await doc.whenReady();
    const human = { author: "me", source: "human" as const };
    for (const solutionId of [1, 2])
      await doc.apply({ type: "set-step-label", line: 0, solutionId, step: 0, value: 1 }, human);
    const [line] = await doc.readLines(0, 1);
    const block = (JSON.parse(line ?? "{}") as { agentark_studio?: unknown }).agentark_studio;
    assert.deepEqual(block, {
      step_labels: { "1": [1], "2": [1] },
      separators: { "1": "\n", "2": "|" },
    });
  });

  it("reads the keep-line-length setting at each save", async () => {
    const name = "run_infer_labeled_by_judge.jsonl";
    // Spaces after the row's last separators, as label.py's json.dumps writes them, for a flip
    // to take back; a second row that must keep its bytes.
    const row = LABELED_ROW.replace(/":/g, '": ').replace(/,"/g, ', "');
    const other = row.replace("2 + 2", "3 + 3");
    await writeFile(join(dir, name), `${row}\n${other}\n`);
    let keep = true;
    const doc = await CurationEditorDocument.open(
      vscode.Uri.file(join(dir, name)),
      { separator: () => "\n\n", keepLineLength: () => keep },
      undefined,
    );
    opened.push(doc);
    await doc.whenReady();
    const human = { author: "me", source: "human" as const };
    const flip = async (value: boolean) => {
      await doc.apply({ type: "set-correct", line: 0, solutionId: 2, value }, human);
      const saved = await doc.save();
      assert.equal(saved.kind, "saved");
      const [first, second, end] = (await readFile(join(dir, name), "utf8")).split("\n");
      assert.equal(second, other);
      assert.equal(end, "");
      const parsed = JSON.parse(first!) as {
        solutions: { is_correct: boolean }[];
        labels: boolean[];
      };
      assert.equal(parsed.solutions[1]!.is_correct, value);
      assert.equal(parsed.labels[1], value);
      return first!;
    };
    // false -> true, in is_correct and labels, is two bytes shorter: padded to the line's length.
    assert.equal((await flip(true)).length, row.length);
    // true -> false, two bytes longer: the padding is taken back.
    assert.equal(await flip(false), row);
    // Turned off: the next save writes the row at its own length, no reload needed.
    keep = false;
    assert.equal((await flip(true)).length, row.length - 2);
  });
});
