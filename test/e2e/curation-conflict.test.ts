import { copyFile, readFile, rename, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { useSampleWorkspace } from "../harness/editor-session";
import {
  expectOnlyLineChanged,
  flipFirstSolution,
  isDirty,
  openCurationEditor,
  recordOnLine,
} from "../harness/curation-ui";
import { chooseOutput } from "../harness/save-dialog";
import { waitFor } from "../harness/wait-for";
import type { Workbench } from "../harness/workbench";

// A results file replaced on disk while it has unsaved edits (a rerun's results synced over it),
// in a real VS Code (code-server): saving asks, overwrites nothing, and Save As writes the edits
// onto the file as it was opened.
const DIR = "results/MATH/Qwen/Qwen3-8B";
const LABELED = `${DIR}/llm_debate_infer_labeled_by_Qwen2.5-72B-Instruct.jsonl`;
const KEPT = `${DIR}/kept_labeled_by_Qwen2.5-72B-Instruct.jsonl`;
const UI_MS = 15_000;

interface Row {
  solutions: { is_correct: boolean }[];
  labels: boolean[];
}

describe("saving a results file that changed on disk", () => {
  const ws = useSampleWorkspace();
  let page: Page;
  let wb: Workbench;

  beforeAll(() => {
    ({ page, wb } = ws.session);
  });

  it("asks, overwrites nothing, and Save As keeps the edits on the file as it was opened", async () => {
    const path = join(ws.dir, LABELED);
    const original = await readFile(path, "utf8");
    const frame = await openCurationEditor(wb, LABELED);
    await recordOnLine(frame, 1).waitFor({ timeout: 30_000 });
    await frame.locator("article.record .kind").click();
    const wasCorrect = await flipFirstSolution(frame, wb);

    // A rerun's results replace the file under the same name.
    const rerun = original.replace(/"gt": ?"/, '"gt": "rerun ');
    expect(rerun).not.toBe(original);
    await writeFile(`${path}.sync`, rerun);
    await rename(`${path}.sync`, path);

    await page.keyboard.press("Control+s");
    const box = page.locator(".monaco-dialog-box", { hasText: "changed on disk" });
    await box.waitFor({ timeout: UI_MS });
    expect(await box.innerText()).toContain("nothing was overwritten");
    await box.locator(".monaco-button", { hasText: "Save As..." }).click();
    await chooseOutput(page, /./, path, { path: join(ws.dir, KEPT) });

    await wb.activeTab("kept_labeled_by_Qwen2.5-72B-Instruct.jsonl").waitFor({ timeout: UI_MS });
    const kept = expectOnlyLineChanged(await readFile(join(ws.dir, KEPT), "utf8"), original, 0);
    const row = JSON.parse(kept) as Row;
    expect(row.solutions[0]!.is_correct).toBe(!wasCorrect);
    expect(row.labels[0]).toBe(!wasCorrect);
    expect(await readFile(path, "utf8")).toBe(rerun);
  });

  it("File: Save As... writes the edits and their audit trail to the new file, the old one untouched", async () => {
    const source = join(ws.dir, `${DIR}/draft_labeled_by_Qwen2.5-72B-Instruct.jsonl`);
    const target = join(ws.dir, `${DIR}/reviewed_labeled_by_Qwen2.5-72B-Instruct.jsonl`);
    await copyFile(join(ws.dir, LABELED), source);
    await wb.runCommand("View: Close All Editors");
    const original = await readFile(source, "utf8");
    const frame = await openCurationEditor(
      wb,
      `${DIR}/draft_labeled_by_Qwen2.5-72B-Instruct.jsonl`,
    );
    await recordOnLine(frame, 1).waitFor({ timeout: 30_000 });
    await frame.locator("article.record .kind").click();
    const wasCorrect = await flipFirstSolution(frame, wb);

    await wb.runCommand("File: Save As...");
    await chooseOutput(page, /./, source, { path: target });
    await wb
      .activeTab("reviewed_labeled_by_Qwen2.5-72B-Instruct.jsonl")
      .waitFor({ timeout: UI_MS });
    await waitFor(
      () => isDirty(wb),
      (dirty) => !dirty,
      { message: "the saved copy, not dirty" },
    );
    const row = JSON.parse(
      expectOnlyLineChanged(await readFile(target, "utf8"), original, 0),
    ) as Row;
    expect(row.solutions[0]!.is_correct).toBe(!wasCorrect);
    expect(await readFile(source, "utf8")).toBe(original);
    const audit = (await readFile(target.replace(/\.jsonl$/, ".audit.jsonl"), "utf8"))
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { edit: { type: string; value: unknown } });
    expect(audit.map((e) => e.edit)).toMatchObject([{ type: "set-correct", value: !wasCorrect }]);
    await expect(stat(source.replace(/\.jsonl$/, ".audit.jsonl"))).rejects.toThrow();
  });
});
