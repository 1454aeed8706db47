import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Frame, Page } from "playwright-core";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { useSampleWorkspace } from "../harness/editor-session";
import { curationFrame, isDirty, openCurationEditor, recordOnLine } from "../harness/curation-ui";
import { chooseOutput } from "../harness/save-dialog";
import { waitFor } from "../harness/wait-for";
import type { Workbench } from "../harness/workbench";

// "AgentArk: Export Training Data..." in a real VS Code (code-server) in Chromium, driven from the
// Command Palette with the keyboard while a results file is open in the curation editor: the
// written file, its manifest (rows, drops, the input's sha256), the notification; unsaved edits
// (the command asks to save first: the manifest must name bytes that exist on disk); bad input.
const DIR = "results/MATH/Qwen/Qwen3-8B";
const SAMPLE = `${DIR}/llm_debate_infer_labeled_by_Qwen2.5-72B-Instruct.jsonl`;
const LABELED = `${DIR}/mad_infer_labeled_by_judge.jsonl`;
const RSFT = LABELED.replace(/\.jsonl$/, ".rsft.jsonl");
const INFER = `${DIR}/llm_debate_infer.jsonl`;
const LOCKED = "locked";
const UI_MS = 15_000;

interface Manifest {
  kind: string;
  input: { path: string; sha256: string; bytes: number };
  output: { path: string; files: string[] };
  rowsIn: number;
  rowsOut: number;
  dropped: Record<string, number>;
  options: Record<string, unknown>;
  tool: { name: string; version: string };
}

interface Row {
  query: string;
  solutions: { id: number; is_correct: boolean }[];
  labels: boolean[];
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

async function openCurationEditorAtFirstRecord(wb: Workbench, file: string): Promise<Frame> {
  const frame = await openCurationEditor(wb, file);
  await recordOnLine(frame, 1).waitFor({ timeout: 30_000 });
  return frame;
}

const toasts = (page: Page) =>
  page.locator(".notifications-toasts .notification-toast").allInnerTexts();

/** Waits for a notification matching `re` and returns its text. */
async function notification(page: Page, re: RegExp): Promise<string> {
  const all = await waitFor(
    () => toasts(page),
    (t) => t.some((x) => re.test(x)),
    { timeout: 30_000, message: `a notification matching ${re}` },
  );
  return all.find((x) => re.test(x))!;
}

const quickInput = (page: Page) => page.locator(".quick-input-widget");
const dialog = (page: Page, text: string) => page.locator(".monaco-dialog-box", { hasText: text });

/**
 * Runs the command from the palette and picks the kind by typing its name, as a user does; for
 * R-SFT, then the solution to train on (`prefer`, by its words; the first, the default, if none).
 */
async function startExport(wb: Workbench, kind: string, prefer?: string): Promise<void> {
  await wb.runCommand("AgentArk: Export Training Data...");
  await pick(wb.page, "Export training data from", kind);
  if (kind === "R-SFT") await pick(wb.page, "R-SFT output for each query", prefer);
}

/** In the quick pick with this title, the row holding `text` (typed to filter), or the first. */
async function pick(page: Page, title: string, text?: string): Promise<void> {
  const widget = quickInput(page);
  await widget.locator(".quick-input-title", { hasText: title }).waitFor({ timeout: UI_MS });
  if (text !== undefined) await page.keyboard.type(text);
  await widget
    .locator(".quick-input-list .monaco-list-row.focused", text ? { hasText: text } : {})
    .waitFor({ timeout: UI_MS });
  await page.keyboard.press("Enter");
}

async function clearNotifications(wb: Workbench): Promise<void> {
  await wb.runCommand("Notifications: Clear All Notifications");
  await waitFor(
    () => toasts(wb.page),
    (t) => t.length === 0,
    { message: "no notifications" },
  );
}

const rowsOf = (text: string) => text.split("\n").filter((l) => l.trim() !== "");

describe("Export Training Data from the curation editor", () => {
  let manifestBefore: Manifest;
  let lockedDir: string;
  const ws = useSampleWorkspace({
    prepare: async (dir) => {
      // The sample, plus a query no solution got right and a line a killed job cut short: the
      // two ways an R-SFT export drops a row.
      const sample = rowsOf(await readFile(join(dir, SAMPLE), "utf8"));
      const wrong = JSON.parse(sample[1]!) as Row;
      wrong.query = `Nobody solved this: ${wrong.query}`;
      for (const s of wrong.solutions) s.is_correct = false;
      wrong.labels = wrong.labels.map(() => false);
      const lines = [JSON.stringify(wrong), ...sample, '{"query": "cut off'];
      await writeFile(join(dir, LABELED), `${lines.join("\n")}\n`);
      lockedDir = join(dir, LOCKED);
      await mkdir(lockedDir);
    },
    cleanup: () => {
      if (lockedDir) execFileSync("chattr", ["-i", lockedDir]);
    },
  });
  let page: Page;
  let wb: Workbench;

  beforeAll(() => {
    ({ page, wb } = ws.session);
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== "fail" || !page) return;
    await page.screenshot({ path: join(tmpdir(), `curation-export-${Date.now()}.png`) });
    // Leave no dialog or picker open for the next test, and no unsaved edit: the next export
    // would stop at "has unsaved edits" and fail for this test's reason, not its own.
    for (let i = 0; i < 3; i++) await page.keyboard.press("Escape");
    if (await isDirty(wb).catch(() => false)) await wb.runCommand("File: Revert File");
    // A toast left behind would answer the next test's wait for its own.
    await clearNotifications(wb);
  });

  it("exports the file open in the curation editor: output, manifest and notification", async () => {
    await openCurationEditorAtFirstRecord(wb, LABELED);
    await startExport(wb, "R-SFT");
    const out = join(ws.dir, RSFT);
    await chooseOutput(page, /^Export .* to/, out);

    const message = await notification(page, /Exported \d+ rows/);
    expect(message).toContain("Exported 35 rows to mad_infer_labeled_by_judge.rsft.jsonl");
    expect(message).toContain("(37 read, 2 dropped)");

    const input = await readFile(join(ws.dir, LABELED));
    const written = rowsOf(await readFile(out, "utf8")).map(
      (l) => JSON.parse(l) as { input: string; output: string },
    );
    const manifest = JSON.parse(await readFile(`${out}.manifest.json`, "utf8")) as Manifest;
    expect(manifest.kind).toBe("rsft");
    expect(manifest.input).toEqual({
      path: join(ws.dir, LABELED),
      sha256: sha256(input),
      bytes: input.length,
      blankLines: 0,
    });
    expect(manifest.rowsIn).toBe(37);
    expect(manifest.rowsOut).toBe(written.length);
    expect(manifest.dropped).toEqual({ "row: no correct solution": 1, "row: malformed JSON": 1 });
    expect(manifest.options).toEqual({ prefer: "aggregate" });
    const pkg = JSON.parse(await readFile("package.json", "utf8")) as { version: string };
    expect(manifest.tool).toEqual({ name: "agentark-studio", version: pkg.version });
    const sample = rowsOf(await readFile(join(ws.dir, SAMPLE), "utf8")).map(
      (l) => JSON.parse(l) as Row,
    );
    expect(written.map((r) => r.input)).toEqual(sample.map((r) => r.query));
    expect(written.every((r) => typeof r.output === "string" && r.output.length > 0)).toBe(true);
    manifestBefore = manifest;
    await clearNotifications(wb);
  });

  it("asks to save unsaved edits before writing: Escape exports nothing, Save and Export exports the saved file", async () => {
    // The editor is still open on LABELED. Record 1 is the query nobody solved: mark its first
    // solution correct, which adds it to the R-SFT output once saved.
    const frame = await curationFrame(page);
    await frame.locator("article.record .kind").click();
    const card = frame.locator(".cards > section").first();
    await page.keyboard.press("c");
    await waitFor(
      () => card.locator(".verdict-btn.ok").getAttribute("aria-pressed"),
      (v) => v === "true",
      { message: "the verdict" },
    );
    await waitFor(
      () => isDirty(wb),
      (d) => d,
      { message: "the dirty editor" },
    );
    const outBefore = await readFile(join(ws.dir, RSFT));

    // The kind and the output come first; the question comes last, as nothing may follow a
    // dialog (VS Code gives the editor focus back when it closes, which closes any picker).
    await startExport(wb, "R-SFT");
    await chooseOutput(page, /^Export .* to/, join(ws.dir, RSFT), { replace: true });
    const box = dialog(page, "has unsaved edits");
    await box.waitFor({ timeout: UI_MS });
    expect(await box.innerText()).toContain("Save and Export");
    await page.keyboard.press("Escape");
    await box.waitFor({ state: "hidden", timeout: UI_MS });
    expect(await quickInput(page).isVisible()).toBe(false);
    expect(await isDirty(wb)).toBe(true);
    expect(await readFile(join(ws.dir, RSFT))).toEqual(outBefore);

    await startExport(wb, "R-SFT");
    await chooseOutput(page, /^Export .* to/, join(ws.dir, RSFT), { replace: true });
    await box.waitFor({ timeout: UI_MS });
    await box.locator(".monaco-button", { hasText: "Save and Export" }).focus();
    await page.keyboard.press("Enter");
    const message = await notification(page, /Exported \d+ rows/);
    expect(message).toContain("Exported 36 rows");
    expect(message).toContain("(37 read, 1 dropped)");
    expect(await isDirty(wb)).toBe(false);

    const saved = await readFile(join(ws.dir, LABELED));
    const first = JSON.parse(rowsOf(saved.toString("utf8"))[0]!) as Row;
    expect(first.solutions[0]!.is_correct).toBe(true);
    const manifest = JSON.parse(
      await readFile(join(ws.dir, `${RSFT}.manifest.json`), "utf8"),
    ) as Manifest;
    expect(manifest.input.sha256).toBe(sha256(saved));
    expect(manifest.input.sha256).not.toBe(manifestBefore.input.sha256);
    expect(manifest.rowsOut).toBe(manifestBefore.rowsOut + 1);
    expect(manifest.dropped).toEqual({ "row: malformed JSON": 1 });
    const written = rowsOf(await readFile(join(ws.dir, RSFT), "utf8"));
    expect(written.length).toBe(36);
    expect((JSON.parse(written[0]!) as { input: string }).input).toBe(first.query);
    await clearNotifications(wb);
  });

  it("takes the command line's options: R-SFT's solution, PRM steps' test share", async () => {
    await startExport(wb, "R-SFT", "first correct");
    const out = join(ws.dir, DIR, "first-correct.rsft.jsonl");
    await chooseOutput(page, /^Export .* to/, join(ws.dir, RSFT), { path: out });
    await notification(page, /Exported \d+ rows to first-correct/);
    const manifest = JSON.parse(await readFile(`${out}.manifest.json`, "utf8")) as Manifest;
    expect(manifest.options).toEqual({ prefer: "first-correct" });
    await clearNotifications(wb);

    await startExport(wb, "PRM steps");
    const share = quickInput(page).locator(".quick-input-box input");
    await quickInput(page)
      .locator(".quick-input-title", { hasText: "share of queries held out" })
      .waitFor({ timeout: UI_MS });
    await page.keyboard.press("Control+a");
    await page.keyboard.type("1.5");
    await quickInput(page)
      .locator(".quick-input-message", { hasText: "A number from 0 up to" })
      .waitFor({ timeout: UI_MS });
    await share.fill("0.5");
    await quickInput(page)
      .locator(".quick-input-message", { hasText: "A number from 0 up to" })
      .waitFor({ state: "hidden", timeout: UI_MS });
    await page.keyboard.press("Enter");
    const steps = LABELED.replace(/\.jsonl$/, ".prm-steps");
    await chooseOutput(page, /^Export .* to/, join(ws.dir, steps));
    await notification(page, /Exported \d+ rows to/);
    const stepsManifest = JSON.parse(
      await readFile(join(ws.dir, `${steps}.manifest.json`), "utf8"),
    ) as Manifest;
    expect(stepsManifest.options).toEqual({ testFraction: 0.5 });
    expect(stepsManifest.output.files.map((f) => f.split("/").at(-1))).toEqual([
      "train.jsonl",
      "test.jsonl",
    ]);
    await clearNotifications(wb);
  });

  it("refuses to overwrite the input file with its own export", async () => {
    const before = await readFile(join(ws.dir, LABELED));
    await startExport(wb, "R-SFT");
    await chooseOutput(page, /^Export .* to/, join(ws.dir, RSFT), {
      path: join(ws.dir, LABELED),
      replace: true,
    });
    const message = await notification(page, /Export not written/);
    expect(message).toContain("the output must not be the input file");
    expect(await readFile(join(ws.dir, LABELED))).toEqual(before);
    await clearNotifications(wb);
    await wb.runCommand("View: Close Editor");
  });

  it("says why, without a stack trace, when the input holds inference rows", async () => {
    await openCurationEditorAtFirstRecord(wb, INFER);
    await startExport(wb, "R-SFT");
    const out = join(ws.dir, INFER.replace(/\.jsonl$/, ".rsft.jsonl"));
    await chooseOutput(page, /^Export .* to/, out);
    const message = await notification(page, /Export failed/);
    expect(message).toContain("the input holds inference rows");
    expect(message).toContain("Label it with label.py first");
    expect(message).not.toMatch(/\n\s+at |\.js:\d+/);
    expect(await exists(out)).toBe(false);
    expect(await exists(`${out}.manifest.json`)).toBe(false);
    await clearNotifications(wb);
    await wb.runCommand("View: Close Editor");
  });

  it("says which file it could not write when the output folder is not writable", async () => {
    // Immutable even for root (these tests run as root, where file modes do not stop a write).
    execFileSync("chattr", ["+i", lockedDir]);
    await openCurationEditorAtFirstRecord(wb, LABELED);
    await startExport(wb, "R-SFT");
    const target = join(lockedDir, "out.rsft.jsonl");
    await chooseOutput(page, /^Export .* to/, join(ws.dir, RSFT), { path: target });
    const message = await notification(page, /Export failed/);
    expect(message).toContain(`could not write ${target}: permission denied.`);
    expect(message).not.toMatch(/\n\s+at |\.js:\d+/);
    expect(await readdir(lockedDir)).toEqual([]);
    await clearNotifications(wb);
  });
});
