// The log-latency figure of bench/runs-bench.mjs, measured where a person reads the log: in VS Code
// (code-server + Chromium, the built .vsix installed), not at the engine's log follower.
//
// A `custom` run on the loopback host prints `tick <i> <epoch ms>` every 300 ms. It is started from
// the command palette ("AgentArk: Start Run..."), its row in the Runs view is clicked, and its log
// document opens in an editor. In the page, a MutationObserver on that editor's `.view-lines`
// records Date.now() when each tick index first appears in the DOM. Browser and sshd are the same
// machine, so latency = first appearance - time printed in the line. Only lines printed after the
// log was already showing a tick are counted: the earlier ones waited for the editor to open.
// The viewport is tall enough for every line: Monaco renders only the lines in view, and a log
// document does not scroll to its end by itself.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadHarness, useCodeServer } from "./bench-harness.mjs";

const INTERVAL_S = 0.3;
const UI_MS = 30_000;
const LINE_PX = 19; // Monaco's line height at the default 14 px font

/**
 * @param {object} o
 * @param {string} o.root repository root
 * @param {{ AGENTARK_TEST_SSH_HOST: string, AGENTARK_TEST_SSH_CONFIG: string }} o.sshEnv
 * @param {number} o.lines tick lines the job prints
 * @param {boolean} o.buildVsix run `npm run package` first (else use dist/agentark-studio.vsix)
 * @param {(id: string) => Promise<unknown>} o.cancelJob ends the job if it still runs at cleanup
 * @returns {Promise<{ latencies: number[], lines: number, counted: number, skipped: number,
 *   missing: number, jobId: string, ticks: Array<{ i: number, printed: number, seen: number }> }>}
 *   latencies of the counted lines; skipped: printed before the log showed; missing: never shown
 */
export async function measureEditorLogLatency({ root, sshEnv, lines, buildVsix, cancelJob }) {
  const out = path.join(root, "bench/out");
  const cleanups = [];
  try {
    if (buildVsix) {
      console.log("> npm run package");
      const r = spawnSync("npm", ["run", "--silent", "package"], { cwd: root, stdio: "inherit" });
      if (r.status !== 0) throw new Error(`npm run package failed (exit ${r.status})`);
    }
    const vsix = path.join(root, "dist/agentark-studio.vsix");
    useCodeServer(root);
    const { startCodeServer, openWorkbench, openRunsView, runsRows } = await loadHarness(
      root,
      "runs-editor-harness",
      {
        "test/harness/code-server": ["startCodeServer"],
        "test/harness/workbench": ["openWorkbench"],
        "test/harness/runs-ui": ["openRunsView", "runsRows"],
      },
    );

    const tmp = mkdtempSync(path.join(os.tmpdir(), "agentark-bench-runs-editor-"));
    cleanups.push(async () => rmSync(tmp, { recursive: true, force: true }));
    const ws = path.join(tmp, "ws");
    mkdirSync(ws);
    const runName = `tick-${process.pid}`;
    writeFileSync(
      path.join(ws, "agentark.runs.yaml"),
      runFile(runName, sshEnv.AGENTARK_TEST_SSH_HOST, lines),
    );

    console.log("> starting code-server");
    const server = await startCodeServer({
      workspace: ws,
      vsix,
      env: { AGENTARK_STUDIO_STATE: path.join(tmp, "state") },
      settings: { "agentark.runs.sshConfigFile": sshEnv.AGENTARK_TEST_SSH_CONFIG },
    });
    cleanups.push(() => server.stop());
    const { browser, page, wb } = await openWorkbench(server.url);
    cleanups.push(() => browser.close());
    await page.setViewportSize({ width: 1400, height: Math.max(900, (lines + 30) * LINE_PX) });

    // The palette lists our commands only once the extension host has registered the extension;
    // its view container in the activity bar says it has (on a busy machine that can take a while).
    await page
      .locator('.activitybar .action-item a[aria-label^="AgentArk"]')
      .waitFor({ timeout: 90_000 });
    await openRunsView(page);
    await wb.runCommand("AgentArk: Start Run...");
    await page
      .locator(".quick-input-widget .quick-input-list .monaco-list-row", { hasText: runName })
      .first()
      .click({ timeout: UI_MS });
    await runsRows(page)
      .locator(".monaco-list-row", { hasText: runName })
      .first()
      .click({ timeout: UI_MS });
    const tab = page.locator(".editor-group-container.active .tab.active .label-name", {
      hasText: /\.log$/,
    });
    await tab.waitFor({ timeout: UI_MS });
    const jobId = (await tab.innerText()).trim().replace(/\.log$/, "");
    cleanups.push(() => cancelJob(jobId));
    await wb.activeEditor.locator(".view-lines").evaluate(observeTicks);

    // The job prints for lines * 0.3 s; then a generous margin for the last line to arrive.
    const deadline = Date.now() + lines * INTERVAL_S * 1000 + 60_000;
    let ticks = [];
    for (;;) {
      ticks = await page.evaluate(() => globalThis.__agentarkTicks);
      if (ticks.some((t) => t.i === lines - 1)) break;
      if (Date.now() > deadline)
        throw new Error(
          `the editor showed ${ticks.length}/${lines} tick lines before the deadline (job ${jobId})`,
        );
      await new Promise((r) => setTimeout(r, 250));
    }
    ticks.sort((a, b) => a.i - b.i);
    const shownFrom = Math.min(...ticks.map((t) => t.seen));
    const counted = ticks.filter((t) => t.printed > shownFrom);
    return {
      latencies: counted.map((t) => t.seen - t.printed),
      lines,
      counted: counted.length,
      skipped: lines - counted.length,
      missing: lines - ticks.length,
      jobId,
      ticks,
    };
  } finally {
    while (cleanups.length) {
      await cleanups
        .pop()()
        .catch((err) => console.error(`runs bench: cleanup: ${String(err).split("\n")[0]}`));
    }
  }
}

/** The run file: one loopback host and the ticking custom run (the script as a JSON string). */
function runFile(runName, sshHost, lines) {
  const script = [
    "import time",
    `for i in range(${lines}):`,
    "    print('tick', i, int(time.time() * 1000), flush=True)",
    `    time.sleep(${INTERVAL_S})`,
  ].join("\n");
  return `hosts:
  loopback:
    ssh: ${sshHost}
    agentark: ~/AgentArk
runs:
  ${runName}:
    kind: custom
    host: loopback
    command: [python3, -u, -c, ${JSON.stringify(script)}]
`;
}

/**
 * Runs in the page: records when each tick index first appears in the editor's rendered lines.
 * Ticks already rendered when it is installed get the install time (they are not counted).
 */
function observeTicks(viewLines) {
  const ticks = [];
  const seen = new Set();
  globalThis.__agentarkTicks = ticks;
  const scan = () => {
    const now = Date.now();
    for (const line of viewLines.querySelectorAll(".view-line")) {
      const m = /tick[\s\u00a0]+(\d+)[\s\u00a0]+(\d+)/.exec(line.textContent ?? "");
      if (!m || seen.has(m[1])) continue;
      seen.add(m[1]);
      ticks.push({ i: Number(m[1]), printed: Number(m[2]), seen: now });
    }
  };
  new MutationObserver(scan).observe(viewLines, {
    childList: true,
    subtree: true,
    characterData: true,
  });
  scan();
}
