import { availableParallelism } from "node:os";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { CodeServer } from "../harness/code-server";
import { generateResults } from "../harness/generate-results";
import { useSampleWorkspace } from "../harness/editor-session";
import { curationFrame, recordOnLine } from "../harness/curation-ui";
import { waitFor } from "../harness/wait-for";
import type { Workbench } from "../harness/workbench";

// The Stats view of a large file in a real VS Code (code-server): the label figures, then the full
// figures, are counted on worker threads that load the shipped dist/stats-worker.js inside the
// extension host, and the view ends with the figures the file holds.
const BIG = "results/big/mad_infer_labeled_by_judge.jsonl";
const BIG_BYTES = 70 * 1024 * 1024;

interface Row {
  solutions: { is_correct?: unknown }[];
  labels?: unknown[];
}

/** The extension's log (its "AgentArk Studio" output channel) as VS Code writes it to disk. */
async function extensionLog(userDataDir: string): Promise<string> {
  const entries = await readdir(join(userDataDir, "logs"), {
    recursive: true,
    withFileTypes: true,
  });
  const logs = entries.filter((e) => e.isFile() && e.name.endsWith("AgentArk Studio.log"));
  const texts = await Promise.all(logs.map((e) => readFile(join(e.parentPath, e.name), "utf8")));
  return texts.join("\n");
}

describe("Stats view of a large file", () => {
  let lines = 0;
  let solutions = 0;
  let labeled = 0;
  /** Records whose every solution the judge called incorrect: the "incorrect" filter's result. */
  let allIncorrect = 0;
  /** "Steps labelled" as the first Stats view showed it. */
  let stepsLabelled = -1;
  const ws = useSampleWorkspace({
    prepare: async (dir) => {
      generateResults(join(dir, BIG), "labeled", BIG_BYTES);
      for (const text of (await readFile(join(dir, BIG), "utf8")).split("\n")) {
        if (!text) continue;
        lines++;
        const row = JSON.parse(text) as Row;
        const verdicts = row.solutions.map((s, i) => {
          const label = row.labels?.[i];
          if (typeof label === "boolean") return label;
          return typeof s.is_correct === "boolean" ? s.is_correct : null;
        });
        solutions += verdicts.length;
        labeled += verdicts.filter((v) => v !== null).length;
        if (verdicts.length > 0 && verdicts.every((v) => v === false)) allIncorrect++;
      }
    },
  });
  let server: CodeServer;
  let page: Page;
  let wb: Workbench;

  beforeAll(() => {
    ({ server, page, wb } = ws.session);
  });

  it("counts on worker threads and ends with the file's figures", async () => {
    const widget = await wb.quickInput(BIG);
    await widget
      .locator(".quick-input-list .monaco-list-row", { hasText: "mad_infer_labeled_by_judge" })
      .first()
      .click({ timeout: 15_000 });
    const frame = await curationFrame(page);
    const count = frame.locator("vscode-badge.count");
    await waitFor(
      () => count.innerText(),
      (t) => t.trim() === lines.toLocaleString("en-US") || t.trim() === String(lines),
      { timeout: 60_000, message: "the whole file indexed" },
    );
    await frame.locator("article.record .kind").click();
    await page.keyboard.press("s");

    // The label figures come first (busy, steps pending); the view is done when it is not busy.
    const done = frame.locator('section.stats[aria-busy="false"]');
    await done.waitFor({ timeout: 120_000 });
    const heading = done.locator("h2");
    expect((await heading.innerText()).trim()).toMatch(/^Stats over [\d,]+ records$/);
    expect((await heading.innerText()).replace(/,/g, "")).toContain(`${lines} records`);
    const verdicts = frame.locator('[role="progressbar"][aria-label="Solutions with a verdict"]');
    expect(await verdicts.getAttribute("aria-valuemax")).toBe(String(solutions));
    expect(await verdicts.getAttribute("aria-valuenow")).toBe(String(labeled));
    const steps = frame.locator('[role="progressbar"][aria-label="Steps labelled"]');
    expect(Number(await steps.getAttribute("aria-valuemax"))).toBeGreaterThan(0);
    stepsLabelled = Number(await steps.getAttribute("aria-valuenow"));
    expect(await frame.locator(".stats .pending").count()).toBe(0);

    const threads = Math.min(availableParallelism(), 4);
    const log = await waitFor(
      () => extensionLog(server.userDataDir),
      (text) => text.includes("label statistics of") && text.includes("record statistics of"),
      { timeout: 15_000, message: "the label and record statistics log lines" },
    );
    expect(log).toContain(
      `label statistics of ${lines} lines on ${threads > 1 ? `${threads} threads` : "this thread"}`,
    );
    expect(log).toContain(
      `record statistics of ${lines} records on ${threads} worker thread${threads > 1 ? "s" : ""}`,
    );
    expect(log).not.toContain("worker threads failed");
  });

  it("filters the records on worker threads and lists what the file holds", async () => {
    const frame = await curationFrame(page);
    await frame.locator("vscode-button", { hasText: "Records" }).click();
    await frame.locator('[data-verdict="incorrect"]').click();
    const count = frame.locator("vscode-badge.count");
    await waitFor(
      () => count.innerText(),
      (t) => t.trim().replace(/,/g, "") === String(allIncorrect),
      { timeout: 60_000, message: `${allIncorrect} records with every solution incorrect` },
    );
    expect(allIncorrect).toBeGreaterThan(0);
    const threads = Math.min(availableParallelism(), 4);
    if (threads > 1) {
      const log = await waitFor(
        () => extensionLog(server.userDataDir),
        (text) => text.includes("filtered lines"),
        { timeout: 15_000, message: "the filter's log line" },
      );
      const from = Math.floor(lines / threads);
      expect(log).toContain(
        `filtered lines ${from + 1}-${lines} on ${threads - 1} worker thread${threads > 2 ? "s" : ""}`,
      );
      expect(log).not.toContain("filtering on worker threads failed");
    }
  });

  it("counts on worker threads with an unsaved step label, and counts that label", async () => {
    const threads = Math.min(availableParallelism(), 4);
    const frame = await curationFrame(page);
    await frame.locator('[data-verdict="any"]').click();
    // The record shown under the last filter stays until the new query's first record comes,
    // which moves the cursor back to the record's start: a step picked before then is not.
    await waitFor(
      () => frame.locator("vscode-badge.count").innerText(),
      (t) => t.trim().replace(/,/g, "") === String(lines),
      { timeout: 60_000, message: "every record listed again" },
    );
    await recordOnLine(frame, 1).waitFor({ timeout: 15_000 });
    const step = frame.locator("#step-0-0");
    await step.locator(".step-text").click();
    expect(await step.getAttribute("class")).toContain("label-null");
    await page.keyboard.press("3");
    await waitFor(
      () => step.getAttribute("class"),
      (c) => c?.includes("label-1") === true,
      { message: "the step labelled +1" },
    );
    // At once, as a user does: the extension may still be applying the edit.
    await page.keyboard.press("s");
    const done = frame.locator('section.stats[aria-busy="false"]');
    await done.waitFor({ timeout: 120_000 });
    const steps = done.locator('[role="progressbar"][aria-label="Steps labelled"]');
    expect(Number(await steps.getAttribute("aria-valuenow"))).toBe(stepsLabelled + 1);
    const log = await waitFor(
      () => extensionLog(server.userDataDir),
      (text) => text.split("record statistics of").length >= 3,
      { timeout: 15_000, message: "a second record statistics log line" },
    );
    expect(log).not.toContain("record statistics on worker threads failed");
    expect(log.split("record statistics of").at(-1)).toMatch(
      new RegExp(`^ ${lines} records on ${threads} worker thread`),
    );
    // The label figures came first again, the edited line counted as edited.
    expect(log).toMatch(
      new RegExp(
        `label statistics of ${lines} lines on ${threads > 1 ? `${threads} threads` : "this thread"} ` +
          "in \\d+ ms, 1 of them with unsaved edits",
      ),
    );
  });
});
