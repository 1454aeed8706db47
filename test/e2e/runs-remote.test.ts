import { execFileSync } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import * as os from "node:os";
import { dirname, join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { curationFrame, isDirty, openCurationEditor } from "../harness/curation-ui";
import { openEditorSession, type EditorSession } from "../harness/editor-session";
import { repoPaths } from "../harness/repo-paths";
import {
  clickCodeLens,
  clickToastAction,
  openFromExplorer,
  openRunsView,
  pickRow,
  runsRows,
  toasts,
} from "../harness/runs-ui";
import { waitFor } from "../harness/wait-for";
import type { Workbench } from "../harness/workbench";
import { fixtureHost, remoteEnv, type RemoteEnv } from "../remote/remote-env";

// A run on a host reached over SSH (the loopback sshd and its fixture AgentArk checkout), click by
// click in code-server: start it from its CodeLens, watch its progress in the Runs view, open its
// growing results file live in the curation editor, and see the file arrive whole when it ends.
// Then the same from a method config: "Run inference with this config", the guided flow, Start.
const UI_MS = 30_000;
const RECORDS = 12; // rows of the fixture checkout's datasets/data/QMSum.json
const DEFAULT_OUT = "results/QMSum/Qwen/Qwen3-8B/llm_debate_infer.jsonl";

function runFile(env: RemoteEnv, out: string): string {
  return `hosts:
${fixtureHost(env, "loopback", { delay: "0.05" })}
runs:
  debate-qmsum:
    kind: inference
    host: loopback
    env: {AGENTARK_FIXTURE_DELAY: "2"}
    args: {method_name: llm_debate, test_dataset_name: QMSum, model_name: Qwen/Qwen3-8B, output_path: ${out}}
    download: [${out}]
  slow-lines:
    kind: custom
    host: loopback
    command: [bash, -c, "for i in 1 2 3 4 5 6 7 8; do echo line $i; sleep 1; done"]
`;
}

describe("runs on an SSH host in VS Code", () => {
  let env: RemoteEnv;
  let root: string;
  let ws: string;
  let out: string;
  let session: EditorSession | undefined;
  let page: Page;
  let wb: Workbench;

  let sshdWasUp = false;
  const sshd = (command: string) =>
    execFileSync("bash", [join(repoPaths.root, "scripts/test-infra/sshd.sh"), command], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });

  beforeAll(async () => {
    sshdWasUp = sshd("status").includes("running");
    sshd("start");
    env = remoteEnv();
    root = await mkdtemp(join(os.tmpdir(), "agentark-runs-ssh-"));
    ws = join(root, "workspace");
    out = `results/e2e-${process.pid}/QMSum_llm_debate_infer.jsonl`;
    const config = "methods/llm_debate/configs/config_main.yaml";
    await mkdir(join(ws, dirname(config)), { recursive: true });
    await copyFile(join(repoPaths.root, "test/fixtures/agentark", config), join(ws, config));
    await writeFile(join(ws, "agentark.runs.yaml"), runFile(env, out));
    // inference.py resumes from an existing output; the guided run writes to the default path.
    await rm(join(env.home, "AgentArk", DEFAULT_OUT), { force: true });
    await startEditor();
  });

  async function startEditor(): Promise<void> {
    session = await openEditorSession({
      workspace: ws,
      env: { AGENTARK_STUDIO_STATE: join(root, "state") },
      settings: {
        "agentark.runs.refreshSeconds": 1,
        "agentark.runs.sshConfigFile": env.sshConfig,
        // A host of the user's own, not in the run file: the guided flow offers it and runs there.
        "agentark.runs.hosts": {
          "my-loopback": {
            ssh: env.host,
            agentark: "~/AgentArk",
            setup: [
              "mkdir -p ~/.aas-bin && ln -sf /usr/bin/python3 ~/.aas-bin/python",
              'export PATH="$HOME/.aas-bin:$PATH"',
            ],
            env: { AGENTARK_FIXTURE_DELAY: "0.05" },
          },
        },
      },
    });
    ({ page, wb } = session);
  }

  afterAll(async () => {
    await session?.close();
    if (root) await rm(root, { recursive: true, force: true });
    if (env) await rm(join(env.home, "AgentArk", dirname(out)), { recursive: true, force: true });
    if (!sshdWasUp && !process.env.AGENTARK_TEST_KEEP_INFRA) sshd("stop");
  });

  it("starts from the CodeLens, opens the growing results live, and brings the file back", async () => {
    await openFromExplorer(page, "agentark.runs.yaml");
    await wb.activeTab("agentark.runs.yaml").waitFor({ timeout: UI_MS });
    await clickCodeLens(page, "Run on loopback");
    await openRunsView(page);
    const row = runsRows(page).locator(".monaco-list-row", { hasText: "debate-qmsum" }).first();
    await waitFor(
      () => row.innerText(),
      (t) => /running · \d+% Processing samples \d+\/12 · \d+s · loopback/.test(t),
      { timeout: 60_000, message: "the running job with its progress in the Runs view" },
    );

    await wb.runCommand("AgentArk: Open Results");
    await pickRow(page, "debate-qmsum");
    const frame = await curationFrame(page);
    const count = frame.locator("vscode-badge.count");
    const seen: number[] = [];
    await waitFor(
      async () => {
        const n = Number((await count.innerText()).trim());
        if (seen.at(-1) !== n) seen.push(n);
        return n;
      },
      (n) => n === RECORDS,
      { timeout: 90_000, message: "every record in the live curation editor" },
    );
    // Records arrived while the job still ran: the editor showed counts short of the whole.
    expect(seen.some((n) => n > 0 && n < RECORDS)).toBe(true);

    const ended = "debate-qmsum on loopback succeeded with exit code 0";
    await waitFor(
      () => toasts(page),
      (t) => t.some((n) => n.includes(ended) && n.includes("Open Results")),
      { timeout: UI_MS, message: "the job-ended notification with Open Results" },
    );
    const remote = await readFile(join(env.home, "AgentArk", out));
    expect(await readFile(join(ws, out))).toEqual(remote);
    const manifest = await readFile(join(ws, ".agentark-studio/sync-manifest.jsonl"), "utf8");
    const entry = manifest
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { localPath: string; host: string; size: number })
      .find((e) => e.localPath === out);
    expect(entry).toMatchObject({ host: "loopback", size: remote.length });

    await clickToastAction(page, ended, "Open Results");
    await wb.activeTab("QMSum_llm_debate_infer.jsonl").waitFor({ timeout: UI_MS });
    await wb.runCommand("View: Close All Editors");
  });

  it("keeps a results file a person curated when a rerun replaces it, and carries their label over", async () => {
    // A person labels the first step of the first record and saves.
    const frame = await openCurationEditor(wb, out);
    await frame.locator("#step-0-0 .step-text").click({ timeout: UI_MS });
    await page.keyboard.press("3");
    await waitFor(
      () => frame.locator("#step-0-0").getAttribute("class"),
      (c) => c?.includes("label-1") === true,
      { message: "step 1 labelled +1" },
    );
    await waitFor(
      () => frame.locator("article.record").getAttribute("aria-busy"),
      (b) => b === "false",
      { message: "the step label applied" },
    );
    await page.keyboard.press("Control+s");
    await waitFor(
      () => isDirty(wb),
      (dirty) => !dirty,
      { message: "the save" },
    );
    const curated = await readFile(join(ws, out));
    await wb.runCommand("View: Close All Editors");

    // The rerun writes the file again from its first row.
    await rm(join(env.home, "AgentArk", out));
    await wb.openFile("agentark.runs.yaml");
    await clickCodeLens(page, "Run on loopback");
    const kept = "had curation made here and the run replaced it";
    const said = await waitFor(
      async () => (await toasts(page)).find((t) => t.includes(kept)),
      (t) => t !== undefined,
      { timeout: 90_000, message: "the notification about the kept file" },
    );
    expect(said).toContain("Your work on 1 row (1 change) was carried onto the new file.");
    const keptPath = /kept as (\S+\.jsonl)\./.exec(said!)?.[1];
    expect(keptPath?.startsWith(".agentark-studio/kept/")).toBe(true);
    expect(await readFile(join(ws, keptPath!))).toEqual(curated);
    // The new file is the host's, with the person's label laid over it.
    const remote = await readFile(join(env.home, "AgentArk", out), "utf8");
    const local = await readFile(join(ws, out), "utf8");
    const first = JSON.parse(local.split("\n")[0]!) as {
      agentark_studio?: { step_labels?: Record<string, unknown[]> };
    };
    expect(first.agentark_studio?.step_labels).toEqual({ "1": [1] });
    expect(local.split("\n").slice(1)).toEqual(remote.split("\n").slice(1));

    await clickToastAction(page, kept, "Open Your Version");
    await wb.activeTab("QMSum_llm_debate_infer.jsonl").waitFor({ timeout: UI_MS });
    await curationFrame(page);
    await wb.runCommand("View: Close All Editors");
  });

  it("adds an inference run from a method config's CodeLens and starts it on a user host", async () => {
    await wb.openFile("methods/llm_debate/configs/config_main.yaml");
    await clickCodeLens(page, "Run inference with this config");
    const widget = page.locator(".quick-input-widget");
    const rows = widget.locator(".quick-input-list .monaco-list-row");
    const input = widget.locator(".quick-input-box input");
    await rows.filter({ hasText: "my-loopback" }).first().click({ timeout: UI_MS });
    // Dataset: none in this workspace, so it is typed.
    await waitFor(
      () => widget.innerText(),
      (t) => t.includes("New Run: dataset"),
      { timeout: UI_MS, message: "the dataset step" },
    );
    await input.fill("QMSum");
    await rows.filter({ hasText: "QMSum" }).first().click({ timeout: UI_MS });
    await waitFor(
      () => input.inputValue(),
      (v) => v === "Qwen/Qwen3-8B",
      { timeout: UI_MS, message: "the model step with its default" },
    );
    await input.press("Enter");
    await rows.filter({ hasText: "HTTP API" }).first().click({ timeout: UI_MS });
    await waitFor(
      () => input.inputValue(),
      (v) => v === "llm_debate-qmsum",
      { timeout: UI_MS, message: "the suggested run name" },
    );
    await input.press("Enter");

    const added = "Added run llm_debate-qmsum to agentark.runs.yaml";
    await waitFor(
      () => toasts(page),
      (t) => t.some((n) => n.includes(added)),
      { timeout: UI_MS, message: "the offer to start the new run" },
    );
    const text = await readFile(join(ws, "agentark.runs.yaml"), "utf8");
    expect(text.startsWith(runFile(env, out))).toBe(true);
    expect(text.slice(runFile(env, out).length)).toBe(
      `  llm_debate-qmsum:
    kind: inference
    host: my-loopback
    args: { method_name: llm_debate, test_dataset_name: QMSum, model_name: Qwen/Qwen3-8B }
    download: [ ${DEFAULT_OUT} ]
`,
    );

    await clickToastAction(page, added, "Start");
    await openRunsView(page);
    const row = runsRows(page).locator(".monaco-list-row", { hasText: "llm_debate-qmsum" });
    await waitFor(
      () => row.first().innerText(),
      (t) => t.includes("succeeded"),
      { timeout: 90_000, message: "the new run to succeed" },
    );
    // The notification comes once the results are back in the workspace.
    await waitFor(
      () => toasts(page),
      (t) =>
        t.some(
          (n) =>
            n.includes("llm_debate-qmsum on my-loopback succeeded") && n.includes("Open Results"),
        ),
      { timeout: UI_MS, message: "the new run's end, its results fetched" },
    );
    const lines = (await readFile(join(ws, DEFAULT_OUT), "utf8")).trim().split("\n");
    expect(lines).toHaveLength(RECORDS);
  });

  it("reattaches to a running job after the editor restarts: status, end, and the whole log", async () => {
    await wb.runCommand("AgentArk: Start Run...");
    await pickRow(page, "slow-lines");
    await openRunsView(page);
    const row = () => runsRows(page).locator(".monaco-list-row", { hasText: "slow-lines" }).first();
    await waitFor(
      () => row().innerText(),
      (t) => t.includes("running"),
      { timeout: UI_MS, message: "the job to run" },
    );
    await session?.close();
    session = undefined;

    await startEditor();
    await openRunsView(page);
    await waitFor(
      () => toasts(page),
      (t) => t.some((n) => n.includes("slow-lines on loopback succeeded with exit code 0")),
      { timeout: 60_000, message: "the end of the job started before the restart" },
    );
    await row().click({ timeout: UI_MS });
    const log = await waitFor(
      () => wb.activeEditorText(),
      (t) => t.includes("line 8"),
      { timeout: UI_MS, message: "the job's log" },
    );
    expect(log.trim().split("\n")).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((i) => `line ${i}`));
  });
});
