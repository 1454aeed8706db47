// The Runs commands (palette, Runs view, CodeLens). The engine loads on first use; start and
// cancel refuse in Restricted Mode and say why.
import * as vscode from "vscode";
import type { RunsFeatures } from "../runs/ui/runs-features";
import { runsAllowed } from "../runs/ui/runs-trust";
import type { JobRow } from "../runs/ui/runs-api";
import { METHOD_CONFIG } from "../runs/ui/method-config-lenses";

export async function startRun(runs: RunsFeatures, name: unknown): Promise<void> {
  if (!runsAllowed()) return;
  await (await runs.load()).startRun(typeof name === "string" ? name : undefined);
}

export async function newRun(runs: RunsFeatures): Promise<void> {
  if (!runsAllowed()) return;
  await (await runs.load()).newRun();
}

/** From a method config's CodeLens (its URI) or the palette (the active editor's file). */
export async function runInferenceWithConfig(runs: RunsFeatures, target: unknown): Promise<void> {
  if (!runsAllowed()) return;
  const uri = target instanceof vscode.Uri ? target : vscode.window.activeTextEditor?.document.uri;
  if (!uri || !METHOD_CONFIG.test(uri.path)) {
    void vscode.window.showInformationMessage(
      "AgentArk: open a method config (methods/<method>/configs/<name>.yaml) to run inference with it.",
    );
    return;
  }
  await (await runs.load()).newRun({ kind: "inference", config: uri });
}

export async function openJobResults(runs: RunsFeatures, target: unknown): Promise<void> {
  if (!runsAllowed()) return;
  const id = await jobId(runs, target, () => true);
  if (id) await (await runs.load()).openResults(id);
}

export async function refreshJobs(runs: RunsFeatures): Promise<void> {
  await runs.refresh();
}

export async function showJobLog(runs: RunsFeatures, target: unknown): Promise<void> {
  const id = await jobId(runs, target, () => true);
  if (id) await (await runs.load()).showLog(id);
}

export async function cancelJob(runs: RunsFeatures, target: unknown): Promise<void> {
  if (!runsAllowed()) return;
  const active = (r: JobRow) => r.status === "queued" || r.status === "running";
  const id = await jobId(runs, target, active);
  if (id) await (await runs.load()).cancel(id);
}

/** The job a command acts on: a view row, an id, or one picked from the jobs list. */
async function jobId(
  runs: RunsFeatures,
  target: unknown,
  filter: (row: JobRow) => boolean,
): Promise<string | undefined> {
  if (typeof target === "string") return target;
  if (target && typeof target === "object" && "id" in target && typeof target.id === "string")
    return target.id;
  const rows = (await runs.load()).rows().filter(filter);
  if (!rows.length) {
    void vscode.window.showInformationMessage("AgentArk: no jobs to choose from.");
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    rows.map((r) => ({ label: r.label, description: `${r.status} · ${r.host}`, detail: r.id })),
    { placeHolder: "Which job?" },
  );
  return pick?.detail;
}
