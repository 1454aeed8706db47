import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { useSampleWorkspace } from "../harness/editor-session";
import { waitFor } from "../harness/wait-for";
import type { Workbench, Problem } from "../harness/workbench";

// What a person does with a config full of mistakes, click by click, in a real VS Code
// (code-server) in Chromium: read the Problems panel, complete a value, apply quick fixes,
// save, and the bytes on disk are exactly the original with those edits.
const FILE = "methods/dylan/configs/config_main.yaml";
const ours = (problems: Problem[]) =>
  problems.filter((p) => p.file === "config_main.yaml" && p.source.includes("agentark"));
const brief = (problems: Problem[]) =>
  ours(problems)
    .map((p) => `${p.code}@${p.line}`)
    .sort();

describe("editing a method config in VS Code", () => {
  let original: string;
  const ws = useSampleWorkspace({
    prepare: async (dir) => {
      original = await readFile(join(dir, FILE), "utf8");
    },
  });
  let page: Page;
  let wb: Workbench;

  beforeAll(async () => {
    ({ page, wb } = ws.session);
    await wb.openFile(FILE);
  });

  it("shows each mistake in the Problems panel with its code and line", async () => {
    const problems = await wb.problems((p) => ours(p).length >= 4);
    expect(brief(problems)).toEqual([
      "invalid-value@10",
      "invalid-value@6",
      "out-of-range@5",
      "roles-too-short@8",
    ]);
    const activation = ours(problems).find((p) => p.line === 6);
    expect(activation?.message).toContain("use one of listwise, trueskill, window, none");
    expect(activation?.severity).toBe("error");
  });

  it("completes a value: the allowed activations are offered and one is accepted", async () => {
    await wb.goTo(6, "activation: ".length + 1);
    await page.keyboard.press("Shift+End");
    await page.keyboard.press("Delete");
    const labels = await wb.triggerSuggest();
    expect(labels).toEqual(expect.arrayContaining(["listwise", "trueskill", "window", "none"]));
    await wb.acceptSuggestion("listwise");
    await wb.problems((p) => !brief(p).includes("invalid-value@6"));
  });

  it("applies quick fixes for an out-of-range number and a misspelled role", async () => {
    await wb.goTo(5, "num_rounds: ".length + 1);
    await wb.quickFix("Change to 3");
    await wb.goTo(10, 6);
    await wb.quickFix('Change to "Mathematician"');
    const problems = await wb.problems((p) => brief(p).length === 1);
    expect(brief(problems)).toEqual(["roles-too-short@8"]);
  });

  it("pads the role list from a quick fix, saves, and the file on disk changed only there", async () => {
    await wb.goTo(8, 1);
    await wb.quickFix('Add 1 × "Assistant" to roles');
    await wb.problems((p) => ours(p).length === 0);
    await wb.save();
    const expected = original
      .replace("num_rounds: 2", "num_rounds: 3")
      .replace("activation: softmax", "activation: listwise")
      .replace('"Mathematican"', '"Mathematician"')
      .replace('  - "Historian"\n', '  - "Historian"\n  - "Assistant"\n');
    const onDisk = await waitFor(
      () => readFile(join(ws.dir, FILE), "utf8"),
      (text) => text === expected,
      {
        timeout: 10_000,
        message: "the saved bytes",
      },
    );
    expect(onDisk).toBe(expected);
  });
});
