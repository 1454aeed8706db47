import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, mkdtemp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import * as os from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openEditorSession, type EditorSession } from "../harness/editor-session";
import {
  clickCodeLens,
  openFromExplorer,
  openRunsView,
  pane,
  pickRow,
  runsRows,
  toasts,
} from "../harness/runs-ui";
import { waitFor } from "../harness/wait-for";
import { repoPaths } from "../harness/repo-paths";
import type { Workbench } from "../harness/workbench";
import { CurationDocument } from "../../extension/src/curation/curation-document";
import { IndexLineRanges } from "../../extension/src/curation-editor/index-line-ranges";
import { LineIndex } from "../../extension/src/data/line-index";

// A run on the built-in `local` host, click by click in code-server: start it from the CodeLens,
// watch it in the Runs view until it succeeds, hear that it ended, read its log. And in
// Restricted Mode the same run is refused with the reason.
const RESULTS = "results/QMSum/Qwen/Qwen3-8B";
const INFER = `${RESULTS}/llm_debate_infer.jsonl`;
const LABELED = `${RESULTS}/llm_debate_infer_labeled_by_Qwen2.5-72B-Instruct.jsonl`;
// `local` runs in the workspace; label.py (the fixture stand-in, copied in) runs as `python`.
const runFile = (ws: string) => `hosts:
  local:
    setup:
      - mkdir -p ${ws}/.bin && ln -sf "$(command -v python3)" ${ws}/.bin/python
      - export PATH="${ws}/.bin:$PATH"
    env: {AGENTARK_FIXTURE_DELAY: "0.01"}
runs:
  count-steps:
    kind: custom
    command: [python3, count.py]
  sleepy:
    kind: custom
    command: [python3, -u, -c, "import time; print('sleeping', flush=True); time.sleep(600)"]
  label-local:
    kind: label
    args: {input: ${INFER}, dataset_name: QMSum}
    download: [${LABELED}]
`;
const FIXTURE = join(repoPaths.root, "test/fixtures/remote-agentark");
// Prints tqdm-style progress lines two seconds apart, so the job is seen running on a busy machine.
const SCRIPT = `import time
total = 5
for i in range(1, total + 1):
    bar = "#" * i + " " * (total - i)
    print(f"Processing samples: {i * 100 // total:3d}%|{bar}| {i}/{total} [00:0{i}<00:00]", flush=True)
    time.sleep(2)
print("count-steps: done, 5 samples", flush=True)
`;
const UI_MS = 30_000;

async function makeWorkspace(): Promise<{ root: string; ws: string; state: string }> {
  const root = await mkdtemp(join(os.tmpdir(), "agentark-runs-"));
  const ws = join(root, "workspace");
  await mkdir(ws);
  await writeFile(join(ws, "agentark.runs.yaml"), runFile(ws));
  await writeFile(join(ws, "count.py"), SCRIPT);
  for (const f of ["label.py", "fixture_progress.py"])
    await copyFile(join(FIXTURE, f), join(ws, f));
  await mkdir(join(ws, RESULTS), { recursive: true });
  const rows = [4, 9].map((gt) =>
    JSON.stringify({
      query: `What is ${gt - 2} + 2?`,
      gt: String(gt),
      response: `===== Solution 1 =====\nIt is ${gt}.\n===== Solution 2 =====\nIt is ${gt + 1}.\n`,
    }),
  );
  await writeFile(join(ws, INFER), rows.map((r) => `${r}\n`).join(""));
  return { root, ws, state: join(root, "state") };
}

describe("runs on the local host in VS Code", () => {
  let dirs: Awaited<ReturnType<typeof makeWorkspace>>;
  let session: EditorSession | undefined;
  let page: Page;
  let wb: Workbench;

  beforeAll(async () => {
    dirs = await makeWorkspace();
    session = await openEditorSession({
      workspace: dirs.ws,
      env: { AGENTARK_STUDIO_STATE: dirs.state },
      settings: { "agentark.runs.refreshSeconds": 1 },
    });
    ({ page, wb } = session);
  });

  afterAll(async () => {
    await session?.close();
    if (dirs) await rm(dirs.root, { recursive: true, force: true });
  });

  it("starts a run from its CodeLens, shows it in the Runs view until it succeeds, and notifies", async () => {
    await openFromExplorer(page, "agentark.runs.yaml");
    await wb.activeTab("agentark.runs.yaml").waitFor({ timeout: UI_MS });
    await clickCodeLens(page, "Run on local");
    await openRunsView(page);
    const row = runsRows(page).locator(".monaco-list-row", { hasText: "count-steps" });
    await row.first().waitFor({ timeout: UI_MS });
    await waitFor(
      () => row.first().innerText(),
      (t) => /running · \d+% Processing samples \d\/5 · \d+s · local/.test(t),
      { timeout: UI_MS, message: "the running job with its progress in the Runs view" },
    );
    const text = await waitFor(
      () => row.first().innerText(),
      (t) => t.includes("succeeded"),
      { timeout: 60_000, message: "the job to succeed in the Runs view" },
    );
    expect(text).toContain("local");
    const notes = await waitFor(
      () => toasts(page),
      (t) => t.some((n) => n.includes("count-steps on local succeeded with exit code 0")),
      { timeout: UI_MS, message: "the job-ended notification" },
    );
    expect(notes.join("\n")).toContain("succeeded");
  });

  it("opens the job's log as a read-only document with the job's output", async () => {
    const row = runsRows(page).locator(".monaco-list-row", { hasText: "count-steps" });
    await row.first().click({ timeout: UI_MS });
    await wb
      .activeTab()
      .filter({ hasText: /count-steps-.*\.log/ })
      .waitFor({ timeout: UI_MS });
    const log = await waitFor(
      () => wb.activeEditorText(),
      (t) => t.includes("count-steps: done, 5 samples"),
      { timeout: UI_MS, message: "the log text" },
    );
    expect(log).toContain("Processing samples: 100%|#####| 5/5");
    expect(log.match(/5\/5/g)).toHaveLength(1);
  });

  it("starts a run from the command palette and picks it by name", async () => {
    await wb.runCommand("AgentArk: Start Run...");
    const widget = page.locator(".quick-input-widget");
    await widget
      .locator(".quick-input-list .monaco-list-row", { hasText: "count-steps" })
      .first()
      .click({ timeout: UI_MS });
    const rows = runsRows(page).locator(".monaco-list-row", { hasText: "count-steps" });
    await waitFor(
      () => rows.allInnerTexts(),
      (t) => t.length === 2 && t.every((r) => r.includes("succeeded")),
      { timeout: 60_000, message: "two succeeded jobs in the Runs view" },
    );
  });

  it("keeps a curated labeled file aside while a label run rewrites it, then carries the work over", async () => {
    const labeled = join(dirs.ws, LABELED);
    // label.py's first output, then a person's verdict saved from the curation editor's model.
    execFileSync("python3", ["label.py", "--input", INFER, "--dataset_name", "QMSum"], {
      cwd: dirs.ws,
      env: { ...process.env, AGENTARK_FIXTURE_DELAY: "0" },
    });
    const index = await LineIndex.open(labeled);
    await index.build();
    const doc = await CurationDocument.open({ path: labeled, lines: new IndexLineRanges(index) });
    await doc.applyEdit(
      { type: "set-correct", line: 0, solutionId: 2, value: true },
      { author: "ada", source: "human" },
    );
    expect((await doc.save()).kind).toBe("saved");
    await doc.close();
    await index.close();
    const curated = await readFile(labeled);

    await wb.runCommand("AgentArk: Start Run...");
    await pickRow(page, "label-local");
    // Told before the job starts where the person's version is kept.
    const kept = await waitFor(
      () => toasts(page),
      (t) => t.some((n) => n.includes("has curation made here and label-local rewrites it")),
      { timeout: UI_MS, message: "the notification that the curated file is kept" },
    );
    const keptPath = /your version is kept as (\S+) while the job runs/.exec(kept.join("\n"))?.[1];
    expect(keptPath, kept.join("\n")).toBeDefined();
    await waitFor(
      () => toasts(page),
      (t) =>
        t.some((n) => n.includes("Your work on 1 row (1 change) was carried onto the new file")),
      { timeout: 60_000, message: "the notification that the person's work was carried" },
    );
    expect((await readFile(join(dirs.ws, keptPath!))).equals(curated)).toBe(true);
    // label.py wrote its own verdict (false) anew; the person's (true) is on the new file.
    const row = JSON.parse((await readFile(labeled, "utf8")).split("\n")[0]!) as {
      labels: boolean[];
    };
    expect(row.labels).toEqual([true, true]);
  });

  it("shows the local host in the Hosts view: reachable, checkout, Python, GPU, disk", async () => {
    const hosts = pane(page, "Hosts");
    await hosts.waitFor({ timeout: UI_MS });
    const text = await waitFor(
      () => hosts.innerText(),
      (t) => t.includes("Disk free"),
      { timeout: UI_MS, message: "the probed local host" },
    );
    expect(text).toMatch(/local\s*reachable · \d+ ms · direct/);
    expect(text).toContain(dirs.ws);
    expect(text).toMatch(/Python\s*Python 3\.\d+/);
    expect(text).toContain("no NVIDIA GPU");
  });

  it("cancels a running job after a modal confirmation", async () => {
    await wb.runCommand("AgentArk: Start Run...");
    const widget = page.locator(".quick-input-widget");
    await widget
      .locator(".quick-input-list .monaco-list-row", { hasText: "sleepy" })
      .first()
      .click({ timeout: UI_MS });
    const row = runsRows(page).locator(".monaco-list-row", { hasText: "sleepy" }).first();
    await waitFor(
      () => row.innerText(),
      (t) => t.includes("running"),
      {
        timeout: UI_MS,
        message: "the sleepy job to run",
      },
    );
    await wb.runCommand("AgentArk: Cancel Job...");
    await widget
      .locator(".quick-input-list .monaco-list-row", { hasText: "sleepy" })
      .first()
      .click({ timeout: UI_MS });
    const dialog = page.locator(".monaco-dialog-box");
    await dialog.waitFor({ timeout: UI_MS });
    expect(await dialog.innerText()).toContain("Cancel sleepy on local?");
    await dialog.locator(".monaco-button", { hasText: "Cancel Job" }).click({ timeout: UI_MS });
    await waitFor(
      () => row.innerText(),
      (t) => t.includes("cancelled"),
      {
        timeout: UI_MS,
        message: "the sleepy job to be cancelled",
      },
    );
  });

  it("runs a run as an `agentark` task and follows it to the end", async () => {
    await wb.runCommand("Tasks: Run Task");
    const widget = page.locator(".quick-input-widget");
    const list = widget.locator(".quick-input-list .monaco-list-row");
    await list
      .filter({ hasText: /^\s*agentark/ })
      .first()
      .click({ timeout: UI_MS });
    await list.filter({ hasText: "count-steps" }).first().click({ timeout: UI_MS });
    // VS Code may ask whether to scan the task's output; continue without scanning.
    const scan = list.filter({ hasText: "Continue without scanning the task output" });
    await Promise.race([
      scan
        .first()
        .click({ timeout: UI_MS })
        .catch(() => undefined),
      page.locator(".terminal-wrapper").first().waitFor({ timeout: UI_MS }),
    ]);
    const rows = runsRows(page).locator(".monaco-list-row", { hasText: "count-steps" });
    await waitFor(
      () => rows.allInnerTexts(),
      (t) => t.length === 3 && t.every((r) => r.includes("succeeded")),
      { timeout: 60_000, message: "the task's job to succeed in the Runs view" },
    );
  });
});

describe("a local host with its own checkout", () => {
  let root: string;
  let session: EditorSession | undefined;
  let page: Page;
  let wb: Workbench;

  beforeAll(async () => {
    root = await mkdtemp(join(os.tmpdir(), "agentark-runs-checkout-"));
    const ws = join(root, "workspace");
    const checkout = join(root, "AgentArk");
    await mkdir(ws);
    await mkdir(checkout);
    // The job writes into its checkout, not the workspace: the results must be brought back.
    await writeFile(
      join(checkout, "write.py"),
      `import os\nos.makedirs("results", exist_ok=True)\nopen("results/out.jsonl", "w").write('{"query": "q"}\\n')\n`,
    );
    await writeFile(
      join(ws, "agentark.runs.yaml"),
      `hosts:
  local:
    agentark: ${checkout}
runs:
  write-results:
    kind: custom
    command: [python3, write.py]
    download: [results/out.jsonl]
`,
    );
    session = await openEditorSession({
      workspace: ws,
      env: { AGENTARK_STUDIO_STATE: join(root, "state") },
      settings: { "agentark.runs.refreshSeconds": 1 },
    });
    ({ page, wb } = session);
  });

  afterAll(async () => {
    await session?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it("brings the job's results from the checkout into the workspace when it succeeds", async () => {
    await wb.runCommand("AgentArk: Start Run...");
    await pickRow(page, "write-results");
    await waitFor(
      () => toasts(page),
      (t) => t.some((n) => n.includes("write-results on local succeeded")),
      { timeout: 60_000, message: "the job-ended notification" },
    );
    const brought = join(root, "workspace", "results", "out.jsonl");
    expect(await readFile(brought, "utf8")).toBe('{"query": "q"}\n');
  });
});

describe("runs in Restricted Mode", () => {
  let dirs: Awaited<ReturnType<typeof makeWorkspace>>;
  let session: EditorSession | undefined;
  let page: Page;
  let wb: Workbench;

  beforeAll(async () => {
    dirs = await makeWorkspace();
    session = await openEditorSession({
      workspace: dirs.ws,
      env: { AGENTARK_STUDIO_STATE: dirs.state },
      disableWorkspaceTrust: false,
      settings: {
        "security.workspace.trust.enabled": true,
        "security.workspace.trust.startupPrompt": "never",
        "security.workspace.trust.banner": "never",
      },
    });
    ({ page, wb } = session);
  });

  afterAll(async () => {
    await session?.close();
    if (dirs) await rm(dirs.root, { recursive: true, force: true });
  });

  it("refuses to start a run and says why", async () => {
    await wb.runCommand("AgentArk: Start Run...");
    const notes = await waitFor(
      () => toasts(page),
      (t) => t.some((n) => n.includes("Restricted Mode")),
      { timeout: UI_MS, message: "the Restricted Mode refusal" },
    );
    expect(notes.join("\n")).toContain("AgentArk runs are disabled in Restricted Mode");
    expect(existsSync(join(dirs.state, "jobs.json"))).toBe(false);
  });

  it("does not probe hosts and says why", async () => {
    await openRunsView(page);
    const hosts = pane(page, "Hosts");
    await hosts
      .getByText("Hosts are not probed in Restricted Mode", { exact: false })
      .waitFor({ timeout: UI_MS });
  });
});
