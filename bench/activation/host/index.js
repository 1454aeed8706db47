// Loaded by code-server's extension host as `extensionTestsPath` (see bench/activation-bench.mjs):
// VS Code calls run() once the extensions are scanned and ends the extension host when it returns.
// Each extension activates once per extension host, so one run = one sample per extension.
const fs = require("node:fs");
const { performance } = require("node:perf_hooks");
const vscode = require("vscode");

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

exports.run = async function run() {
  const control = JSON.parse(fs.readFileSync(process.env.AGENTARK_BENCH_CONTROL, "utf8"));
  const result = { run: control.run, vscodeVersion: vscode.version, samples: [] };
  try {
    result.settle = await settle(control.settleMs);
    for (const id of control.order) {
      const sample = await activate(id);
      // Our activate() starts the language server without awaiting it; let that (and any other
      // after-effect) finish so it does not land inside the next extension's measurement, and
      // count the extension host's CPU time meanwhile: work activation defers, not measured above.
      const cpu = process.cpuUsage();
      await sleep(control.gapMs);
      const { user, system } = process.cpuUsage(cpu);
      result.samples.push({ ...sample, cpuAfterMs: (user + system) / 1000 });
    }
  } catch (err) {
    result.error = err instanceof Error ? (err.stack ?? err.message) : String(err);
  }
  fs.writeFileSync(control.resultsFile, JSON.stringify(result, null, 2));
  // Keep the extension host (and its activation times) alive until the driver has read the
  // Running Extensions view; it writes releaseFile when done.
  const deadline = Date.now() + 60_000;
  while (!fs.existsSync(control.releaseFile) && Date.now() < deadline) await sleep(100);
};

/** Start-up activations (`*`, onStartupFinished, built-ins) run concurrently: wait them out. */
async function settle({ minMs, quietMs, maxMs }) {
  const start = performance.now();
  const active = () => vscode.extensions.all.filter((e) => e.isActive).length;
  let count = active();
  let since = start;
  while (performance.now() - start < maxMs) {
    await sleep(100);
    const now = active();
    if (now !== count) [count, since] = [now, performance.now()];
    else if (performance.now() - since >= quietMs && performance.now() - start >= minMs) break;
  }
  return { waitedMs: Math.round(performance.now() - start), activeExtensions: count };
}

async function activate(id) {
  const ext = vscode.extensions.getExtension(id);
  if (!ext) return { id, error: "not installed" };
  // Already active means something triggered it (workspace, start-up): not a clean sample.
  if (ext.isActive) return { id, error: "already active before the measurement" };
  const before = activeIds();
  const t0 = performance.now();
  await ext.activate();
  const ms = performance.now() - t0;
  // Anything else that activated meanwhile ran on the same thread: the sample is suspect.
  const othersActivated = activeIds().filter((other) => other !== id && !before.includes(other));
  return { id, ms, vscodeMarks: vscodeMarks(id), othersActivated };
}

function activeIds() {
  return vscode.extensions.all.filter((e) => e.isActive).map((e) => e.id);
}

/**
 * VS Code's own performance marks for this extension (extension host, Date.now() resolution):
 * code loading (require of `main`) and the activate() call until its promise settles.
 */
function vscodeMarks(id) {
  const marks = globalThis.MonacoPerformanceMarks?.getMarks?.() ?? [];
  const at = (what) => marks.find((m) => m.name === `code/extHost/${what}/${id}`)?.startTime;
  const span = (a, b) => (at(a) !== undefined && at(b) !== undefined ? at(b) - at(a) : null);
  return {
    codeLoadingMs: span("willLoadExtensionCode", "didLoadExtensionCode"),
    activateCallMs: span("willActivateExtension", "didActivateExtension"),
  };
}
