import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchBrowser } from "../harness/browser";
import { waitFor } from "../harness/wait-for";
import { EMPTY_FILTER, type RecordFilter } from "../../schemas/src/webview-protocol";
import { serveWebviewPage, type PageGlobals, type WebviewPage } from "./webview-page";

/** The curation UI over the fake host in Chromium: keyboard, labeling, filters, sync. */
describe("curation webview", () => {
  let served: WebviewPage;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    served = await serveWebviewPage();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    await page.goto(served.url({ count: 300, agents: 3, rounds: 3, steps: 5 }));
    await page.locator(".solution-card").first().waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  const selectedLine = () => page.locator(".list-row.selected").getAttribute("data-line");
  /** How many records the fake host's data holds for a filter, counted apart from the UI. */
  const holding = (filter: Partial<RecordFilter>) =>
    page.evaluate((f) => (window as unknown as PageGlobals).__fakeHost.matching(f).length, {
      ...EMPTY_FILTER,
      ...filter,
    });
  const recordLine = () => page.locator(".record").getAttribute("aria-label");

  it("shows the first record and no errors", async () => {
    expect(await recordLine()).toBe("Record on line 1");
    expect(await page.locator(".solution-card").count()).toBe(3);
    expect(await page.locator(".debate-grid tbody tr").count()).toBe(3);
    // The query's LaTeX is drawn as MathML by KaTeX, not left as source or an error.
    expect(await page.locator(".record .query math").count()).toBeGreaterThan(0);
    expect(await page.locator(".record .query .tex-error").count()).toBe(0);
    // The list shows the same query as plain text: no math dollars, no Markdown stars.
    const row = (line: number) => page.locator(`.list-row[data-line="${line}"] .row-query`);
    expect(await row(0).textContent()).toMatch(/^Let f\(x\) = \d+x² \+ \d+x − 7\. Find the sum/);
    expect(await row(1).textContent()).toMatch(/^A train travels \d+ km in \d+ hours/);
    // Math reads as Unicode text: `\le` as ≤, `\pmod{7}` as (mod 7), not TeX source.
    expect(await row(2).textContent()).toMatch(
      /^How many positive integers n ≤ \d+ satisfy n ≡ \d \(mod 7\)\?/,
    );
    expect(errors).toEqual([]);
  });

  it("opens the trajectory tree on the path to the first low-scoring step, and only that", async () => {
    const low = page.locator(".tree .kind-step .tree-score.score-low").first();
    await low.waitFor();
    const path = await low.evaluate((el) => {
      const ids: string[] = [];
      let item = el.closest('[role="treeitem"]')?.parentElement?.closest('[role="treeitem"]');
      for (; item; item = item.parentElement?.closest('[role="treeitem"]'))
        ids.unshift(item.getAttribute("data-node") ?? "");
      return ids;
    });
    const expanded = await page
      .locator('.tree [aria-expanded="true"]')
      .evaluateAll((items) => items.map((i) => i.getAttribute("data-node")));
    expect(path[0]).toBe("q");
    expect(path.length).toBeGreaterThan(1);
    expect(expanded).toEqual(path);
  });

  it("moves between records with j/k and arrows", async () => {
    await page.keyboard.press("j");
    await waitFor(recordLine, (t) => t === "Record on line 2");
    await page.keyboard.press("ArrowDown");
    await waitFor(recordLine, (t) => t === "Record on line 3");
    await page.keyboard.press("k");
    await waitFor(recordLine, (t) => t === "Record on line 2");
    expect(await selectedLine()).toBe("1");
  });

  it("draws the texts in view with their Markdown and math in the same update as the record", async () => {
    // Read in the first mutation callback after the record is in the page: before any frame, so
    // before an IntersectionObserver could have upgraded anything.
    const from = Number(/\d+/.exec((await recordLine()) ?? "")?.[0]);
    const next = `Record on line ${from + 1}`;
    const plainInView = page.evaluate(
      (next) =>
        new Promise<number>((resolve) => {
          const observer = new MutationObserver(() => {
            const label = document.querySelector(".record")?.getAttribute("aria-label");
            if (label !== next) return;
            observer.disconnect();
            const texts = [...document.querySelectorAll(".detail .md")];
            resolve(
              texts.filter((el) => {
                if (el.children.length > 0 || !el.textContent?.trim()) return false;
                const r = el.getBoundingClientRect();
                return r.width > 0 && r.bottom >= 0 && r.top <= window.innerHeight;
              }).length,
            );
          });
          observer.observe(document.body, { subtree: true, childList: true, attributes: true });
        }),
      next,
    );
    await page.keyboard.press("j");
    expect(await plainInView).toBe(0);
    expect(await page.locator(".detail .step .md math").count()).toBeGreaterThan(0);
    await page.keyboard.press("k");
    await waitFor(recordLine, (t) => t === `Record on line ${from}`);
  });

  it("labels solutions and steps with single keys and sends CurationEdits", async () => {
    await page.keyboard.press("l"); // solution 2
    await waitFor(
      () => page.locator(".solution-card.focused").getAttribute("id"),
      (id) => id === "solution-1",
    );
    const before = await page.locator("#solution-1 .verdict-btn.ok").getAttribute("aria-pressed");
    const wasIncorrect =
      (await page.locator("#solution-1 .verdict-btn.bad").getAttribute("aria-pressed")) === "true";
    await page.keyboard.press("c");
    const expected = before === "true" ? "false" : "true";
    await waitFor(
      () => page.locator("#solution-1 .verdict-btn.ok").getAttribute("aria-pressed"),
      (v) => v === expected,
    );
    // The judge's verdict, turned over, shows beside the person's.
    const judgeSaid = page.locator("#solution-1 .judge-verdict");
    await waitFor(
      () => page.locator("article.record").getAttribute("aria-busy"),
      (b) => b === "false",
    );
    expect(wasIncorrect, "the fixture's solution the judge called incorrect").toBe(true);
    await waitFor(
      () => judgeSaid.allTextContents(),
      (t) => t.join() === "judge: ✗ incorrect",
      { message: "the judge's verdict beside the person's" },
    );
    await page.keyboard.press("Shift+ArrowDown"); // step 1
    await page.keyboard.press("1"); // −1, advances
    await page.keyboard.press("+"); // +1 on step 2
    await waitFor(
      () => page.locator("#step-1-0 .label-btn-wrong").getAttribute("aria-checked"),
      (v) => v === "true",
    );
    await waitFor(
      () => page.locator("#step-1-1 .label-btn-right").getAttribute("aria-checked"),
      (v) => v === "true",
    );
    expect(await page.locator(".step.focused").getAttribute("id")).toBe("step-1-2");
    const edits = await page.evaluate(() =>
      (window as unknown as PageGlobals).__fakeHost.received
        .filter((m) => m.type === "applyEdit")
        .map((m) => m.edit),
    );
    expect(edits).toEqual([
      { type: "set-correct", line: 1, solutionId: 2, value: before === "true" ? null : true },
      { type: "set-step-label", line: 1, solutionId: 2, step: 0, value: -1 },
      { type: "set-step-label", line: 1, solutionId: 2, step: 1, value: 1 },
    ]);
    // The tree shows the same label on the same step.
    await waitFor(
      () => page.locator('[data-node="s:1:0"] .tree-label-chip').textContent(),
      (t) => t?.trim() === "−1",
    );
  });

  it("re-renders from the host's record after VS Code's undo", async () => {
    await page.evaluate(() => (window as unknown as PageGlobals).__fakeHost.undo());
    await waitFor(
      () => page.locator("#step-1-1 .label-btn-right").getAttribute("aria-checked"),
      (v) => v === "false",
    );
    await waitFor(
      () => page.locator(".toast").textContent(),
      (t) => t === "Undone",
    );
  });

  it("says the record is busy while an edit is on its way to the document", async () => {
    const fake = (call: "holdReplies" | "releaseReplies") =>
      page.evaluate((c) => (window as unknown as PageGlobals).__fakeHost[c](), call);
    const busy = () => page.locator("article.record").getAttribute("aria-busy");
    expect(await busy()).toBe("false");
    await fake("holdReplies");
    await page.locator("#step-0-3 .label-btn-wrong").click();
    // Shown at once, and marked busy: VS Code's undo would not reach this edit yet.
    await waitFor(
      () => page.locator("#step-0-3 .label-btn-wrong").getAttribute("aria-checked"),
      (v) => v === "true",
    );
    expect(await busy()).toBe("true");
    await fake("releaseReplies");
    await waitFor(busy, (b) => b === "false", { message: "the edit applied" });
  });

  it("labels by mouse too", async () => {
    await page.locator("#step-0-2 .label-btn-unsure").click();
    await waitFor(
      () => page.locator("#step-0-2 .label-btn-unsure").getAttribute("aria-checked"),
      (v) => v === "true",
    );
    expect(await page.locator(".step.focused").getAttribute("id")).toBe("step-0-2");
  });

  it("adds a note to a solution", async () => {
    await page.locator("#solution-0 .note .link-btn").click();
    await page.locator("#solution-0 .note-input").fill("wrong unit");
    await page.keyboard.press("Enter");
    await waitFor(
      () => page.locator("#solution-0 .note span").textContent(),
      (t) => t === "Note: wrong unit",
    );
    const last = await page.evaluate(() =>
      (window as unknown as PageGlobals).__fakeHost.received
        .filter((m) => m.type === "applyEdit")
        .at(-1),
    );
    expect(last).toMatchObject({
      edit: { type: "set-note", line: 1, solutionId: 1, value: "wrong unit" },
    });
  });

  it("adds a note to the whole record with Shift+A or the mouse; Esc leaves it as it was", async () => {
    const recordNote = page.locator("article.record > .note");
    const lastEdit = () =>
      page.evaluate(() =>
        (window as unknown as PageGlobals).__fakeHost.received
          .filter((m) => m.type === "applyEdit")
          .at(-1),
      );
    // From the keyboard (Shift+A) here, by mouse below.
    await page.keyboard.press("Escape");
    await page.keyboard.press("Shift+A");
    await waitFor(
      () => page.evaluate(() => document.activeElement?.className ?? ""),
      (c) => c === "note-input",
      { message: "Shift+A to open the record's note" },
    );
    expect(await recordNote.locator(".note-input").inputValue()).toBe("");
    await page.keyboard.type("ground truth looks wrong");
    await page.keyboard.press("Enter");
    await waitFor(
      () => recordNote.locator("span").textContent(),
      (t) => t === "Note: ground truth looks wrong",
    );
    expect(await lastEdit()).toMatchObject({
      edit: { type: "set-note", line: 1, solutionId: null, value: "ground truth looks wrong" },
    });
    const sent = await lastEdit();
    await recordNote.getByRole("button", { name: "edit note on the record" }).click();
    await recordNote.locator(".note-input").fill("something else");
    await page.keyboard.press("Escape");
    await waitFor(
      () => recordNote.locator("span").textContent(),
      (t) => t === "Note: ground truth looks wrong",
    );
    expect(await lastEdit()).toEqual(sent);
  });

  it("sends the Reason field's text with every change until it is cleared, and shows it in the history", async () => {
    const lastEdit = () =>
      page.evaluate(() =>
        (window as unknown as PageGlobals).__fakeHost.received
          .filter((m) => m.type === "applyEdit")
          .at(-1),
      );
    const focused = () => page.evaluate(() => document.activeElement?.id ?? "");
    const sent = await page.evaluate(
      () => (window as unknown as PageGlobals).__fakeHost.received.length,
    );
    await page.keyboard.press("Escape");
    await page.keyboard.press("r");
    await waitFor(focused, (id) => id === "reason", { message: "r to focus the Reason field" });
    // Letters typed here are the reason, not record keys.
    await page.keyboard.type("judge ignored the units");
    await page.keyboard.press("Enter");
    await waitFor(focused, (id) => id !== "reason", { message: "Enter to leave the field" });
    await page.keyboard.press("x");
    await waitFor(lastEdit, (m) => m?.type === "applyEdit" && m.edit.type === "set-correct", {
      message: "the verdict sent",
    });
    const received = await page.evaluate(
      (n) => (window as unknown as PageGlobals).__fakeHost.received.slice(n),
      sent,
    );
    expect(received.filter((m) => m.type === "applyEdit")).toHaveLength(1);
    expect(await lastEdit()).toMatchObject({ reason: "judge ignored the units" });

    await page.locator("details.history summary").click();
    await waitFor(
      () => page.locator("details.history .audit li").last().textContent(),
      (t) => t?.includes("— judge ignored the units") === true,
      { message: "the reason in the record's history" },
    );

    await page.keyboard.press("r");
    await waitFor(focused, (id) => id === "reason");
    await page.keyboard.press("Control+a");
    await page.keyboard.press("Backspace");
    await page.keyboard.press("Enter");
    await page.keyboard.press("x");
    await waitFor(lastEdit, (m) => m?.type === "applyEdit" && !("reason" in m), {
      message: "the next verdict sent without a reason",
    });
    await page.locator("details.history summary").click();
  });

  it("keeps the debate grid, the tree and the cards in sync", async () => {
    const cell = page.locator('.cell-btn[data-round="1"][data-agent="agent 2"]');
    await cell.click();
    expect(await cell.getAttribute("aria-pressed")).toBe("true");
    await page.locator(".turn-panel").waitFor();
    // The tree selects and reveals that turn.
    const node = page.locator('[data-node="r:1:1"]');
    expect(await node.getAttribute("aria-selected")).toBe("true");
    expect(await page.locator('[data-node="r:1"]').getAttribute("aria-expanded")).toBe("true");
    // Clicking a step in the tree moves the card cursor.
    await page.locator('[data-node="s:2"] > .tree-row .tree-label').click();
    await page.locator('[data-node="s:2:3"] > .tree-row .tree-label').click();
    expect(await page.locator(".step.focused").getAttribute("id")).toBe("step-2-3");
    expect(await page.locator(".solution-card.focused").getAttribute("id")).toBe("solution-2");
    // A key moves the tree selection as well.
    await page.keyboard.press("J");
    expect(await page.locator('[data-node="s:2:4"]').getAttribute("aria-selected")).toBe("true");
    await page.keyboard.press("Escape");
    await page.locator(".turn-panel").waitFor({ state: "detached" });
  });

  it("moves through the tree with arrow keys, moving the card cursor with it", async () => {
    await page.locator(".tree").focus();
    await page.keyboard.press("Home");
    expect(await page.locator(".tree").getAttribute("aria-activedescendant")).toBe("tree-q");
    await page.keyboard.press("End"); // last solution node
    await page.keyboard.press("ArrowRight"); // open it
    await page.keyboard.press("ArrowRight"); // its first step
    await waitFor(
      () => page.locator(".step.focused").getAttribute("id"),
      (id) => id === "step-2-0",
    );
    await page.keyboard.press("ArrowDown");
    expect(await page.locator(".step.focused").getAttribute("id")).toBe("step-2-1");
    expect(await page.locator(".tree").getAttribute("aria-activedescendant")).toBe("tree-s-2-1");
    // The record did not change: arrows belonged to the tree.
    expect(await recordLine()).toBe("Record on line 2");
    await page.keyboard.press("Escape");
  });

  it("filters by verdict, errors and text, and n finds the next record needing labels", async () => {
    const count = page.locator("vscode-badge.count");
    const all = await count.innerText();
    await page.locator('[data-verdict="incorrect"]').click();
    await waitFor(
      () => page.locator(".list-row[data-line]").count(),
      (n) => n > 0,
    );
    const flags = await page.locator(".list-row[data-line] .row-flags").allTextContents();
    for (const f of flags) expect(f).not.toMatch(/✓/);
    await page.locator('[data-verdict="any"]').click();
    await page.locator('[data-filter="errorsOnly"]').click();
    await waitFor(
      () => page.locator(".list-row[data-line] .chip.err").count(),
      (n) => n > 0,
    );
    expect(await page.locator(".list-row[data-line]").count()).toBe(
      await page.locator(".list-row[data-line] .chip.err").count(),
    );
    await page.locator('[data-filter="errorsOnly"]').click();
    await page.keyboard.press("/");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("search");
    await page.keyboard.type("evaluate");
    await waitFor(
      () => page.locator(".list-row[data-line] .row-query").allTextContents(),
      (rows) => rows.length > 0 && rows.every((r) => r.startsWith("Evaluate")),
    );
    await page.locator(".search input").fill("");
    // The search runs a moment after typing stops: wait for the whole list back.
    await waitFor(
      () => count.innerText(),
      (text) => text === all,
      { message: `all ${all} records listed again` },
    );
    const from = Number(await selectedLine());
    await page.locator(".list-scroller").focus();
    await page.keyboard.press("n");
    await waitFor(selectedLine, (l) => Number(l) > from);
    // The same from the toolbar, for a mouse.
    const next = Number(await selectedLine());
    await page.locator("vscode-button", { hasText: "Next unlabeled" }).click();
    await waitFor(selectedLine, (l) => Number(l) > next);
    // And back: the record the first search found.
    await page.locator('vscode-button[aria-label="Previous unlabeled"]').click();
    await waitFor(selectedLine, (l) => Number(l) === next);
  });

  it("filters by agent and solution id from their selects, with the mouse and the keyboard", async () => {
    const count = page.locator("vscode-badge.count");
    const shown = async () => Number((await count.innerText()).replace(/\D/g, ""));
    const all = await shown();
    const withAgent3 = await holding({ agent: "agent 3" });
    expect(withAgent3).toBeGreaterThan(0);
    expect(withAgent3).toBeLessThan(all);

    // Named for a screen reader on the control itself, inside the component.
    expect(await page.getByRole("combobox", { name: "Agent" }).count()).toBe(1);
    expect(await page.getByRole("combobox", { name: "Solution id" }).count()).toBe(1);
    expect(await page.getByRole("searchbox", { name: "Search record text" }).count()).toBe(1);
    const agentSelect = page.locator('vscode-single-select[aria-label="Agent"]');
    await agentSelect.click();
    await agentSelect.locator('li[role="option"]', { hasText: "agent 3" }).click();
    await waitFor(shown, (n) => n === withAgent3, {
      message: `${withAgent3} records with agent 3`,
    });
    for (const flags of await page.locator(".list-row[data-line]").all())
      expect(Number(await flags.getAttribute("data-line")) % 7).not.toBe(6);

    // The solution id select from the keyboard: focus, type to narrow the options to the first
    // match, Enter to choose it.
    const idSelect = page.locator('vscode-single-select[aria-label="Solution id"]');
    const options = idSelect.locator('li[role="option"]');
    await idSelect.focus();
    await page.keyboard.type("3");
    await waitFor(
      async () => (await options.allInnerTexts()).map((t) => t.trim()),
      (texts) => texts.length > 0 && texts.every((t) => t.includes("3")),
      { message: "only the options containing 3" },
    );
    await waitFor(
      async () => (await idSelect.locator("li.option.active").allInnerTexts())[0]?.trim(),
      (t) => t === "#3",
      { message: "the first match active, no arrow key needed" },
    );
    await page.keyboard.press("Enter");
    const both = await holding({ agent: "agent 3", solutionId: 3 });
    await waitFor(shown, (n) => n === both, { message: `${both} records with agent 3 and #3` });
    // Enter on text no option contains keeps the filter, and the field shows it again.
    const idText = idSelect.locator("input");
    await page.keyboard.type("zz");
    await waitFor(
      () => options.count(),
      (n) => n === 0,
      { message: "no option contains zz" },
    );
    await page.keyboard.press("Enter");
    await waitFor(
      () => idText.inputValue(),
      (v) => v === "#3",
      { message: "the field says #3" },
    );
    expect(await shown()).toBe(both);
    // A record key typed while the select has focus goes to the select, not to the record.
    const line = await recordLine();
    await page.keyboard.press("j");
    expect(await recordLine()).toBe(line);
    await page.keyboard.press("Escape");

    await agentSelect.click();
    await agentSelect.locator('li[role="option"]', { hasText: "any agent" }).click();
    await idSelect.click();
    await idSelect.locator('li[role="option"]', { hasText: "any solution" }).click();
    await waitFor(shown, (n) => n === all, { message: `all ${all} records again` });
  });

  it("filters by PRM score with the threshold as it is now, without a reload", async () => {
    const count = page.locator("vscode-badge.count");
    const shown = async () => Number((await count.innerText()).replace(/\D/g, ""));
    /** What the fake host's data holds below its threshold now. */
    const below = () => holding({ lowPrm: true });
    const setThreshold = (prmThreshold: number) =>
      page.evaluate(
        (t) => (window as unknown as PageGlobals).__fakeHost.changeSettings({ prmThreshold: t }),
        prmThreshold,
      );
    const all = await shown();
    const toggle = page.locator('[data-filter="lowPrm"]');
    await toggle.click();
    const atZero = await below();
    expect(atZero).toBeLessThan(all);
    await waitFor(shown, (n) => n === atZero, { message: `${atZero} records below 0` });
    // The user raises the threshold in the settings: the list follows.
    await setThreshold(0.5);
    const atHalf = await below();
    expect(atHalf).toBeGreaterThan(atZero);
    await waitFor(
      () => toggle.innerText(),
      (t) => t.includes("PRM < 0.5"),
    );
    await waitFor(shown, (n) => n === atHalf, { message: `${atHalf} records below 0.5` });
    await setThreshold(0);
    await waitFor(shown, (n) => n === atZero, { message: `${atZero} records below 0 again` });
    await toggle.click();
    await waitFor(shown, (n) => n === all);
  });

  it("opens the shortcut sheet with ? and the stats view with s", async () => {
    await page.keyboard.press("?");
    await page.locator('[role="dialog"]').waitFor();
    expect(await page.locator('[role="dialog"] tr').count()).toBeGreaterThan(15);
    await page.keyboard.press("Escape");
    await page.locator('[role="dialog"]').waitFor({ state: "detached" });
    await page.keyboard.press("s");
    await page.locator(".stats .chart").first().waitFor();
    expect(await page.locator(".kappa").textContent()).toMatch(/Cohen's κ = /);
    await page.keyboard.press("s");
    await page.locator(".record").waitFor();
    expect(errors).toEqual([]);
  });

  it("stays where the user moved when the file is shown anew before that record came", async () => {
    const fake = (call: "holdReplies" | "resendInit" | "releaseReplies") =>
      page.evaluate((c) => (window as unknown as PageGlobals).__fakeHost[c](), call);
    await page.locator(".list-scroller").focus();
    await page.keyboard.press("Home");
    await waitFor(recordLine, (l) => l === "Record on line 1");
    // The next record is on its way when a revert (or a rerun's new file) sends init again.
    await fake("holdReplies");
    await page.keyboard.press("j");
    await waitFor(selectedLine, (l) => l === "1");
    await fake("resendInit");
    await fake("releaseReplies");
    await waitFor(recordLine, (l) => l === "Record on line 2", {
      message: "the record the user moved to",
    });
    expect(await selectedLine()).toBe("1");
  });

  it("shows the verdicts of a row that is not labeled, but neither a click nor a key changes them", async () => {
    await page.locator(".list-scroller").focus();
    await page.keyboard.press("Home");
    await waitFor(recordLine, (l) => l === "Record on line 1");
    const kind = () => page.locator("article.record .kind").textContent();
    // The fixture's rows: about half labeled, the rest trajectories with joined verdicts.
    for (let i = 0; i < 30 && (await kind()) === "labeled"; i++) {
      const line = await recordLine();
      await page.keyboard.press("j");
      await waitFor(recordLine, (l) => l !== line);
    }
    expect(await kind()).toBe("trajectory");
    const buttons = page.locator(".cards .verdict-btn");
    expect(await buttons.count()).toBeGreaterThan(0);
    expect(await page.locator(".cards .verdict-btn:disabled").count()).toBe(await buttons.count());
    const pressed = await buttons.evaluateAll((b) => b.map((e) => e.getAttribute("aria-pressed")));
    await page.keyboard.press("c");
    await waitFor(
      () => page.locator(".toast").textContent(),
      (t) => t?.startsWith("A trajectory row has no verdicts") ?? false,
    );
    expect(await buttons.evaluateAll((b) => b.map((e) => e.getAttribute("aria-pressed")))).toEqual(
      pressed,
    );
  });

  it("shows the step figures as pending while the label figures come first", async () => {
    const second = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    try {
      await second.goto(served.url({ count: 300, agents: 3, rounds: 3, steps: 5, labelsFirst: 1 }));
      await second.locator(".solution-card").first().waitFor();
      await second.keyboard.press("s");
      const stats = second.locator("section.stats");
      const pending = stats.locator('.pending[role="status"]');
      await pending.waitFor();
      expect(await stats.getAttribute("aria-busy")).toBe("true");
      expect(await pending.innerText()).toMatch(/^Counting steps, PRM scores/);
      expect(await stats.locator('[aria-label="Solutions with a verdict"]').count()).toBe(1);
      expect(await stats.locator('[aria-label="Steps labelled"]').count()).toBe(0);
      expect(await stats.locator('[aria-label="PRM score histogram"]').count()).toBe(0);

      await second.evaluate(() => (window as unknown as PageGlobals).__fakeHost.releaseStats());
      await stats.locator('figure[aria-label="PRM score histogram"]').waitFor();
      expect(await stats.getAttribute("aria-busy")).toBe("false");
      expect(await pending.count()).toBe(0);
      const steps = stats.locator('[role="progressbar"][aria-label="Steps labelled"]');
      expect(Number(await steps.getAttribute("aria-valuemax"))).toBeGreaterThan(0);
    } finally {
      await second.close();
    }
  });
});
