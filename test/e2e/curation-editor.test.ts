import { createHash } from "node:crypto";
import { appendFile, readdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { open } from "node:fs/promises";
import { join, sep } from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { CodeServer } from "../harness/code-server";
import { generateResults } from "../harness/generate-results";
import { useSampleWorkspace } from "../harness/editor-session";
import {
  curationFrame,
  expectOnlyLineChanged,
  flipFirstSolution,
  isDirty,
  openCurationEditor,
  recordOnLine,
  typeReason,
  waitForFocus,
} from "../harness/curation-ui";
import { waitFor } from "../harness/wait-for";
import type { Workbench } from "../harness/workbench";

// The curation editor in a real VS Code (code-server) in Chromium: keyboard, labels, undo, redo,
// save, the bytes on disk, the audit trail, reopening; and a 200 MB file labelled near its end.
const DIR = "results/MATH/Qwen/Qwen3-8B";
const LABELED = `${DIR}/llm_debate_infer_labeled_by_Qwen2.5-72B-Instruct.jsonl`;
const BIG = "results/big/llm_debate_infer_labeled_by_judge.jsonl";
const BIG_BYTES = 200 * 1024 * 1024;
const REASON = "the judge compared units, not values";
const RECORD_NOTE = "ground truth checked by hand";

interface Row {
  solutions: { id: number; is_correct: boolean }[];
  labels: boolean[];
  agentark_studio?: { step_labels?: Record<string, unknown[]>; note?: string };
}

/** Hot-exit backups VS Code asked the extension to write (in its workspace storage). */
async function backupFiles(userDataDir: string): Promise<string[]> {
  const storage = join(userDataDir, "User", "workspaceStorage");
  const entries = await readdir(storage, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile() && e.parentPath.endsWith(`${sep}agentark.agentark-studio`))
    .map((e) => join(e.parentPath, e.name));
}

describe("curation editor in VS Code", () => {
  let original: string;
  let bigPrefixHash: string;
  let bigLastLineStart: number;
  const ws = useSampleWorkspace({
    prepare: async (dir) => {
      original = await readFile(join(dir, LABELED), "utf8");
      generateResults(join(dir, BIG), "labeled", BIG_BYTES);
      const big = await readFile(join(dir, BIG));
      bigLastLineStart = big.lastIndexOf(10, big.length - 2) + 1;
      bigPrefixHash = createHash("sha256").update(big.subarray(0, bigLastLineStart)).digest("hex");
    },
  });
  let server: CodeServer;
  let page: Page;
  let wb: Workbench;

  beforeAll(() => {
    ({ server, page, wb } = ws.session);
  });

  it("opens a labeled file by default, corrects a solution (with a reason), a step and the record's note from the keyboard, undoes, redoes and saves", async () => {
    const frame = await openCurationEditor(wb, LABELED);
    await recordOnLine(frame, 1).waitFor({ timeout: 30_000 });
    await frame.locator("article.record .kind").click();
    await page.keyboard.press("j");
    await recordOnLine(frame, 2).waitFor();
    const card = frame.locator(".cards > section").first();
    const wasCorrect =
      (await card.locator(".verdict-btn.ok").getAttribute("aria-pressed")) === "true";
    // A reason for the verdict, typed in the Reason field.
    await typeReason(frame, page, REASON);
    await page.keyboard.press(wasCorrect ? "x" : "c");
    const flipped = card.locator(wasCorrect ? ".verdict-btn.bad" : ".verdict-btn.ok");
    await waitFor(
      () => flipped.getAttribute("aria-pressed"),
      (v) => v === "true",
      { message: "the verdict to flip" },
    );
    // The judge's verdict stays in sight beside the person's.
    const judgeSaid = `judge: ${wasCorrect ? "✓ correct" : "✗ incorrect"}`;
    await waitFor(
      () => card.locator(".judge-verdict").allTextContents(),
      (t) => t.join() === judgeSaid,
      { message: "the judge's verdict beside the person's" },
    );
    // Cleared again: the step label goes without one.
    await typeReason(frame, page, "");
    await frame.locator("#step-0-0 .step-text").click();
    await page.keyboard.press("3");
    const step = frame.locator("#step-0-0");
    const label = () => step.getAttribute("class");
    await waitFor(label, (c) => c?.includes("label-1") === true, { message: "step 1 labelled +1" });
    expect(await isDirty(wb)).toBe(true);
    // VS Code's undo takes the last edit the document applied: wait until this one is.
    await waitFor(
      () => frame.locator("article.record").getAttribute("aria-busy"),
      (b) => b === "false",
      { message: "the step label applied" },
    );

    await page.keyboard.press("Control+z");
    await waitFor(label, (c) => c?.includes("label-null") === true, {
      message: "undo of the step label",
    });
    await page.keyboard.press("Control+Shift+z");
    await waitFor(label, (c) => c?.includes("label-1") === true, {
      message: "redo of the step label",
    });
    // A note on the whole record, from the keyboard.
    await page.keyboard.press("Shift+A");
    await waitFor(
      () => frame.evaluate(() => document.activeElement?.className),
      (c) => c === "note-input",
      { message: "Shift+A to open the record's note" },
    );
    await page.keyboard.type(RECORD_NOTE);
    await page.keyboard.press("Enter");
    await waitFor(
      () => frame.locator("article.record > .note span").textContent(),
      (t) => t === `Note: ${RECORD_NOTE}`,
      { message: "the record's note" },
    );

    await page.keyboard.press("Control+s");
    await waitFor(
      () => isDirty(wb),
      (d) => !d,
      { message: "the save" },
    );

    const saved = expectOnlyLineChanged(await readFile(join(ws.dir, LABELED), "utf8"), original, 1);
    const row = JSON.parse(saved) as Row;
    const old = JSON.parse(original.split("\n")[1]!) as Row;
    expect(row.solutions[0]!.is_correct).toBe(!wasCorrect);
    expect(row.labels[0]).toBe(!wasCorrect);
    expect(row.agentark_studio?.step_labels?.[String(row.solutions[0]!.id)]?.[0]).toBe(1);
    expect(row.agentark_studio?.note).toBe(RECORD_NOTE);
    expect(Object.keys(row)).toEqual([...Object.keys(old), "agentark_studio"]);

    const audit = (
      await readFile(join(ws.dir, LABELED.replace(/\.jsonl$/, ".audit.jsonl")), "utf8")
    )
      .trim()
      .split("\n")
      .map(
        (l) =>
          JSON.parse(l) as {
            source: string;
            edit: { type: string };
            line: number;
            reason?: string;
          },
      );
    expect(audit.map((a) => [a.edit.type, a.line, a.source, a.reason])).toEqual([
      ["set-correct", 1, "human", REASON],
      ["set-step-label", 1, "human", undefined],
      ["set-note", 1, "human", undefined],
    ]);
  });

  it("shows the saved labels after the editor is closed and the file reopened", async () => {
    await wb.runCommand("View: Close Editor");
    const frame = await openCurationEditor(wb, LABELED);
    await recordOnLine(frame, 1).waitFor({ timeout: 30_000 });
    await frame.locator("article.record .kind").click();
    await page.keyboard.press("j");
    await recordOnLine(frame, 2).waitFor();
    const row = JSON.parse((await readFile(join(ws.dir, LABELED), "utf8")).split("\n")[1]!) as Row;
    const card = frame.locator(".cards > section").first();
    const pressed = card.locator(
      row.solutions[0]!.is_correct ? ".verdict-btn.ok" : ".verdict-btn.bad",
    );
    expect(await pressed.getAttribute("aria-pressed")).toBe("true");
    // Read back from the audit trail now: the judge's verdict, the opposite of the saved one.
    const judgeSaid = card.locator(".judge-verdict");
    const judgeVerdict = row.solutions[0]!.is_correct ? "incorrect" : "correct";
    expect(await judgeSaid.textContent()).toContain(judgeVerdict === "correct" ? "✓" : "✗");
    // Named after the judge model in the file's name.
    expect(await judgeSaid.getAttribute("aria-label")).toBe(
      `Qwen2.5-72B-Instruct said ${judgeVerdict}`,
    );
    expect(await frame.locator("#step-0-0").getAttribute("class")).toContain("label-1");
    expect(await frame.locator("article.record > .note span").textContent()).toBe(
      `Note: ${RECORD_NOTE}`,
    );
    // The record's history shows the audit trail's entries: who, as what, and what changed.
    const trail = (
      await readFile(join(ws.dir, LABELED.replace(/\.jsonl$/, ".audit.jsonl")), "utf8")
    )
      .trim()
      .split("\n")
      .map(
        (l) =>
          JSON.parse(l) as {
            author: string;
            time: string;
            edit: { solutionId: number; step?: number; value: unknown };
          },
      );
    await frame.locator("details.history summary").click();
    const items = frame.locator("details.history .audit li");
    await waitFor(
      () => items.count(),
      (n) => n === trail.length,
      { message: `${trail.length} history entries` },
    );
    const texts = await items.allInnerTexts();
    texts.forEach((text, i) => {
      expect(text).toContain(trail[i]!.time);
      expect(text).toContain(`${trail[i]!.author} (human)`);
    });
    const [verdict, stepLabel] = trail.map((t) => t.edit);
    expect(texts[0]).toContain(
      `solution #${verdict!.solutionId} ${verdict!.value ? "correct" : "incorrect"} — ${REASON}`,
    );
    expect(texts[1]).toContain(
      `solution #${stepLabel!.solutionId} step ${stepLabel!.step! + 1} label ${String(stepLabel!.value)}`,
    );
    expect(texts[2]).toContain("record note set");
    await wb.runCommand("View: Close Editor");
  });

  it("keeps unsaved labels across a window reload (hot exit backup) without touching the file", async () => {
    const bytes = await readFile(join(ws.dir, LABELED), "utf8");
    let frame = await openCurationEditor(wb, LABELED);
    await recordOnLine(frame, 1).waitFor({ timeout: 30_000 });
    await frame.locator("#step-0-1 .step-text").click();
    await typeReason(frame, page, "kept across the reload");
    await page.keyboard.press("1");
    await waitFor(
      () => frame.locator("#step-0-1").getAttribute("class"),
      (c) => c?.includes("label--1") === true,
      { message: "step 2 labelled -1" },
    );
    await waitFor(
      () => isDirty(wb),
      (d) => d,
      { message: "the dirty editor" },
    );
    // VS Code backs dirty editors up shortly after an edit; a browser page cannot wait for one
    // while it unloads, so reload only once the backup is on disk.
    await waitFor(
      () => backupFiles(server.userDataDir),
      (files) => files.length > 0,
      {
        timeout: 15_000,
        message: "the hot-exit backup",
      },
    );
    // The backup keeps each edit's provenance, the reason with it; restoring reads it back.
    const [backup] = await backupFiles(server.userDataDir);
    expect(await readFile(backup!, "utf8")).toContain('"reason":"kept across the reload"');
    await wb.reloadWindow();
    frame = await curationFrame(page);
    await recordOnLine(frame, 1).waitFor({ timeout: 30_000 });
    // The palette closes if the webview takes focus after it opened.
    await waitForFocus(frame);
    await waitFor(
      () => frame.locator("#step-0-1").getAttribute("class"),
      (c) => c?.includes("label--1") === true,
      { message: "the restored label" },
    );
    // The Reason field still holds what was typed: the next changes carry it too.
    expect(await frame.locator("#reason").evaluate((el) => (el as HTMLInputElement).value)).toBe(
      "kept across the reload",
    );
    expect(await isDirty(wb)).toBe(true);
    expect(await readFile(join(ws.dir, LABELED), "utf8")).toBe(bytes);
    await wb.runCommand("File: Revert File");
    await waitFor(
      () => isDirty(wb),
      (d) => !d,
      { message: "the revert" },
    );
    await wb.runCommand("View: Close Editor");
  });

  it("shows records a running job appends to an inference file as they arrive", async () => {
    const file = `${DIR}/llm_debate_infer.jsonl`;
    const text = await readFile(join(ws.dir, file), "utf8");
    const lines = text.split("\n").filter(Boolean);
    const frame = await openCurationEditor(wb, file);
    // The labeled file of the same run is joined by query: the inference record shows its verdicts.
    await recordOnLine(frame, 1).waitFor({ timeout: 30_000 });
    await waitFor(
      () => frame.locator('.cards .verdict-btn[aria-pressed="true"]').count(),
      (n) => n === 6,
      { message: "the labeled file's verdicts on the inference record" },
    );
    // Those verdicts are the labeled file's: here they read, but neither a click nor a key
    // changes them, and the editor says where to correct them.
    expect(await frame.locator(".cards .verdict-btn:disabled").count()).toBe(12);
    await frame.locator("article.record .kind").click();
    await page.keyboard.press("x");
    await waitFor(
      () => frame.locator(".toast").textContent(),
      (t) => t?.includes("correct them in the run's labeled file") ?? false,
      { message: "why an inference row's verdicts cannot change here" },
    );
    expect(await isDirty(wb)).toBe(false);
    const count = frame.locator("vscode-badge.count");
    await waitFor(
      () => count.innerText(),
      (t) => t.trim() === String(lines.length),
      { message: "the record count" },
    );
    const grown = lines
      .slice(0, 2)
      .map((l, i) => l.replace(/"query": ?"/, (m) => `${m}Appended ${i}: `));
    await appendFile(join(ws.dir, file), `${grown.join("\n")}\n`);
    await waitFor(
      () => count.innerText(),
      (t) => t.trim() === String(lines.length + 2),
      { message: "the appended records" },
    );
    await frame.locator("article.record .kind").click();
    await page.keyboard.press("End");
    await recordOnLine(frame, lines.length + 2).waitFor();
    expect(await frame.locator("article.record").innerText()).toContain("Appended 1:");
    await wb.runCommand("View: Close Editor");
  });

  it("shows the file anew when it is replaced on disk while open with nothing unsaved", async () => {
    const file = `${DIR}/llm_debate_infer.jsonl`;
    const frame = await openCurationEditor(wb, file);
    await recordOnLine(frame, 1).waitFor({ timeout: 30_000 });
    const lines = (await readFile(join(ws.dir, file), "utf8")).split("\n").filter(Boolean);
    // A rerun writes a new file and renames it over the old one (another inode, fewer records).
    const kept = lines.slice(0, 2).map((l) => l.replace(/"query": ?"/, (m) => `${m}Rerun: `));
    await writeFile(join(ws.dir, `${file}.new`), `${kept.join("\n")}\n`);
    await rename(join(ws.dir, `${file}.new`), join(ws.dir, file));
    const count = frame.locator("vscode-badge.count");
    await waitFor(
      () => count.innerText(),
      (t) => t.trim() === "2",
      { message: "the replaced file's record count" },
    );
    await waitFor(
      () => frame.locator("article.record").innerText(),
      (t) => t.includes("Rerun:"),
      { message: "the replaced file's first record" },
    );
    expect(await isDirty(wb)).toBe(false);
    await wb.runCommand("View: Close Editor");
  });

  it("opens a 200 MB file and labels a record near its end", async () => {
    const size = (await stat(join(ws.dir, BIG))).size;
    expect(size).toBeGreaterThan(BIG_BYTES * 0.9);
    const frame = await openCurationEditor(wb, BIG);
    await recordOnLine(frame, 1).waitFor({ timeout: 60_000 });
    const lines = (await readFile(join(ws.dir, BIG), "utf8")).split("\n").length - 1;
    // End goes to the last record indexed so far: wait for the whole file.
    await waitFor(
      () => frame.locator("vscode-badge.count").innerText(),
      (t) => t.trim() === lines.toLocaleString("en-US") || t.trim() === String(lines),
      { timeout: 60_000, message: "the whole file indexed" },
    );
    await frame.locator("article.record .kind").click();
    await page.keyboard.press("End");
    await recordOnLine(frame, lines).waitFor({ timeout: 60_000 });
    const wasCorrect = await flipFirstSolution(frame, wb);
    await page.keyboard.press("Control+s");
    await waitFor(
      () => isDirty(wb),
      (d) => !d,
      { timeout: 120_000, message: "the save of 200 MB" },
    );

    const fh = await open(join(ws.dir, BIG), "r");
    try {
      const prefix = Buffer.alloc(bigLastLineStart);
      await fh.read(prefix, 0, bigLastLineStart, 0);
      expect(createHash("sha256").update(prefix).digest("hex")).toBe(bigPrefixHash);
      const rest = Buffer.alloc((await fh.stat()).size - bigLastLineStart);
      await fh.read(rest, 0, rest.length, bigLastLineStart);
      const last = JSON.parse(rest.toString("utf8")) as Row;
      expect(last.solutions[0]!.is_correct).toBe(!wasCorrect);
      expect(last.labels[0]).toBe(!wasCorrect);
    } finally {
      await fh.close();
    }
  });
});
