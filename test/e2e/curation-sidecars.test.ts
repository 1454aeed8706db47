import { appendFile, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { curationFrame, openCurationEditor, recordOnLine } from "../harness/curation-ui";
import { useSampleWorkspace } from "../harness/editor-session";
import { waitFor } from "../harness/wait-for";
import type { Workbench } from "../harness/workbench";

// The curation editor is the default for `*_labeled_by_*.jsonl`, a pattern the project's own
// sidecars match too (`<name>.audit.jsonl`, `<name>.step-scores.jsonl`). In a real VS Code
// (code-server): a sidecar opens in the text editor, the labeled file in the curation editor.
const DIR = "results/MATH/Qwen/Qwen3-8B";
const LABELED = `${DIR}/llm_debate_infer_labeled_by_Qwen2.5-72B-Instruct.jsonl`;
const STEP_SCORES = LABELED.replace(/\.jsonl$/, ".step-scores.jsonl");
const AUDIT = LABELED.replace(/\.jsonl$/, ".audit.jsonl");
const UI_MS = 15_000;

const baseName = (file: string) => file.split("/").pop()!;

/** Opens a file through Quick Open as a user does (Enter on the match), whatever editor it gets. */
async function quickOpen(wb: Workbench, file: string): Promise<void> {
  const widget = await wb.quickInput(file);
  await widget
    .locator(".quick-input-list .monaco-list-row.focused", { hasText: baseName(file) })
    .waitFor({ timeout: UI_MS });
  await wb.page.keyboard.press("Enter");
  await wb.activeTab(baseName(file)).waitFor({ timeout: UI_MS });
}

const curationFrames = async (page: Page) => {
  let n = 0;
  for (const frame of page.frames())
    n += await frame
      .locator("curation-app")
      .count()
      .catch(() => 0);
  return n;
};

const tabsNamed = (wb: Workbench, file: string) =>
  wb.page.locator(".editor-group-container .tab .label-name", { hasText: baseName(file) }).count();

describe("default editor for result files and their sidecars", () => {
  const ws = useSampleWorkspace({
    prepare: async (dir) => {
      const entry = {
        time: "2026-01-02T03:04:05.000Z",
        author: "ana",
        source: "human",
        query: "A rectangular garden is 12 m by 5 m.",
        line: 0,
        edit: { type: "set-correct", line: 0, solutionId: 1, value: false },
        before: true,
      };
      await writeFile(join(dir, AUDIT), `${JSON.stringify(entry)}\n`);
    },
  });
  let page: Page;
  let wb: Workbench;

  beforeAll(() => {
    ({ page, wb } = ws.session);
  });

  it.each([
    ["the step-score sidecar", STEP_SCORES, '"solution_id"'],
    ["the audit trail", AUDIT, '"set-correct"'],
  ])("opens %s in the text editor", async (_what, file, text) => {
    await quickOpen(wb, file);
    await waitFor(
      () => wb.activeEditorText(),
      (t) => t.includes(text),
      { timeout: UI_MS, message: `the text of ${baseName(file)}` },
    );
    // The curation editor claims the sidecar first and hands it to the text editor, whose tab
    // opens before the curation tab closes: wait for the settled workbench.
    await waitFor(
      async () => [await tabsNamed(wb, file), await curationFrames(page)],
      ([tabs, frames]) => tabs === 1 && frames === 0,
      { timeout: UI_MS, message: `one text tab of ${baseName(file)} and no curation webview` },
    );
    const firstLine = (await readFile(join(ws.dir, file), "utf8")).split("\n")[0]!;
    expect((await wb.activeEditorText()).startsWith(firstLine.slice(0, 30))).toBe(true);
    await wb.runCommand("View: Close Editor");
  });

  it("offers the curation editor through Reopen Editor With for any .jsonl", async () => {
    const plain = `${DIR}/picked_by_hand.jsonl`;
    const labeled = await readFile(join(ws.dir, LABELED), "utf8");
    await writeFile(join(ws.dir, plain), `${labeled.split("\n")[0]!}\n`);
    await quickOpen(wb, plain);
    await waitFor(
      () => wb.activeEditorText(),
      (t) => t.includes('"query"'),
      { timeout: UI_MS, message: "the text of a .jsonl no pattern claims" },
    );
    expect(await curationFrames(page)).toBe(0);
    await wb.runCommand("View: Reopen Editor With...");
    const row = page.locator(".quick-input-list .monaco-list-row", {
      hasText: "AgentArk Curation",
    });
    await row.first().click({ timeout: UI_MS });
    await waitFor(
      () => curationFrames(page),
      (n) => n === 1,
      { timeout: 60_000, message: "the curation webview" },
    );
    expect(await tabsNamed(wb, plain)).toBe(1);
    await wb.runCommand("View: Close Editor");
  });

  it("opens the labeled file itself in the curation editor", async () => {
    await quickOpen(wb, LABELED);
    await waitFor(
      () => curationFrames(page),
      (n) => n === 1,
      { timeout: 60_000, message: "the curation webview" },
    );
    expect(await tabsNamed(wb, LABELED)).toBe(1);
    expect(await wb.page.locator(".editor-group-container.active .monaco-editor").count()).toBe(0);
  });

  it("shows the new step scores when a PRM run writes the sidecar of the open file", async () => {
    const frame = await curationFrame(page);
    const score = frame.locator("#step-0-0 .score-value");
    await waitFor(
      () => score.innerText(),
      (t) => t.trim() === "0.74",
      { timeout: UI_MS, message: "the sidecar's score of the first step" },
    );
    const sidecar = join(ws.dir, STEP_SCORES);
    const first = JSON.parse((await readFile(sidecar, "utf8")).split("\n")[0]!) as {
      scores: number[];
    };
    // A re-run appends; its line wins.
    await appendFile(
      sidecar,
      `${JSON.stringify({ ...first, scores: first.scores.map((_, i) => 0.11 * (i + 1)) })}\n`,
    );
    await waitFor(
      () => score.innerText(),
      (t) => t.trim() === "0.11",
      { timeout: UI_MS, message: "the new score of the first step" },
    );
    expect((await frame.locator("#step-0-1 .score-value").innerText()).trim()).toBe("0.22");
  });

  it("joins the labeled file a labeling run writes while the inference file is open", async () => {
    await wb.runCommand("View: Close Editor");
    // The inference file alone in its folder, as a run leaves it before label.py has run.
    const dir = "results/labeling";
    const infer = `${dir}/llm_debate_infer.jsonl`;
    const labeledPath = join(ws.dir, `${dir}/llm_debate_infer_labeled_by_judge.jsonl`);
    const inferLines = (await readFile(join(ws.dir, DIR, "llm_debate_infer.jsonl"), "utf8"))
      .split("\n")
      .filter(Boolean);
    await mkdir(join(ws.dir, dir), { recursive: true });
    await writeFile(join(ws.dir, infer), `${inferLines.join("\n")}\n`);
    const labeledRows = (await readFile(join(ws.dir, LABELED), "utf8")).split("\n").filter(Boolean);
    /** The labeled row of an inference line, found by query as AgentArk joins them. */
    const labeledRowOf = (line: string) => {
      const { query } = JSON.parse(line) as { query: string };
      const row = labeledRows.find((l) => (JSON.parse(l) as { query: string }).query === query);
      if (!row) throw new Error(`no labeled row for ${query}`);
      const verdicts = (JSON.parse(row) as { solutions: { is_correct: unknown }[] }).solutions
        .length;
      return { row, verdicts };
    };
    const first = labeledRowOf(inferLines[0]!);
    const second = labeledRowOf(inferLines[1]!);

    const frame = await openCurationEditor(wb, infer);
    await recordOnLine(frame, 1).waitFor({ timeout: 30_000 });
    /** Pressed verdict buttons of the record shown on `line` (0 while another is shown). */
    const verdictsOn = (line: number) =>
      recordOnLine(frame, line).locator('.cards .verdict-btn[aria-pressed="true"]').count();
    /** Waits until the record on `line` is shown with `n` verdicts (a reset shows it anew). */
    const waitVerdicts = async (line: number, n: number, message: string) => {
      await waitFor(
        async () => [await recordOnLine(frame, line).count(), await verdictsOn(line)] as const,
        ([shown, count]) => shown === 1 && count === n,
        { timeout: UI_MS, message },
      );
    };
    expect(await verdictsOn(1)).toBe(0);

    // label.py writes the labeled file: the open record takes its verdicts.
    await writeFile(labeledPath, `${first.row}\n`);
    await waitVerdicts(1, first.verdicts, `the ${first.verdicts} verdicts of the new labeled file`);
    // It appends the next row: the next record has its verdicts too.
    await appendFile(labeledPath, `${second.row}\n`);
    await frame.locator("article.record .kind").click();
    await page.keyboard.press("j");
    await waitVerdicts(2, second.verdicts, `the ${second.verdicts} verdicts of the appended row`);
    // The labeled file removed: the verdicts go with it.
    await rm(labeledPath);
    await waitVerdicts(2, 0, "no verdicts once the labeled file is gone");
  });
});
