import * as vscode from "vscode";
import { EXPORT_KINDS, type ExportKind } from "../export/export-kinds";
import { exportRecords } from "../export/export-records";
import { readJsonlRecords } from "../export/jsonl-records";
import type { Log } from "../util/log";

const KIND_DETAILS: Record<ExportKind, { label: string; detail: string; suffix: string }> = {
  rsft: {
    label: "R-SFT",
    detail: "One {input, output} row per query with a correct solution (openrlhf train_sft)",
    suffix: ".rsft.jsonl",
  },
  da: {
    label: "Data augmentation",
    detail: "Every distinct correct solution as its own {input, output} row",
    suffix: ".da.jsonl",
  },
  prm: {
    label: "PRM (label.py format)",
    detail: "Queries with both correct and incorrect solutions, as prm/finetune2.py reads them",
    suffix: ".prm.jsonl",
  },
  "prm-steps": {
    label: "PRM steps (TRL stepwise)",
    detail: "A folder with train.jsonl: {prompt, completions, labels} from your step labels",
    suffix: ".prm-steps",
  },
  grpo: {
    label: "GRPO prompts",
    detail: '{input, answer} per query ("null" without ground truth)',
    suffix: ".grpo.jsonl",
  },
};

/**
 * "AgentArk: Export Training Data...": the same exports as `agentark-studio export`, from the
 * editor. Reads the file on disk, so unsaved curation edits are saved first (after asking).
 */
export async function exportTrainingData(log: Log, target?: unknown): Promise<void> {
  const input = target instanceof vscode.Uri ? target : await pickInput();
  if (!input) return;
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === input.toString());
  if (open?.isDirty && !(await open.save())) return;
  const pick = await vscode.window.showQuickPick(
    EXPORT_KINDS.map((exportKind) => ({
      exportKind,
      label: KIND_DETAILS[exportKind].label,
      detail: KIND_DETAILS[exportKind].detail,
    })),
    { title: "Export training data", placeHolder: "What to export" },
  );
  if (!pick) return;
  const out = await vscode.window.showSaveDialog({
    title: `Export ${pick.label} to`,
    defaultUri: input.with({
      path: input.path.replace(/\.jsonl$/, "") + KIND_DETAILS[pick.exportKind].suffix,
    }),
  });
  if (!out) return;
  const result = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Exporting ${pick.label}`,
      cancellable: false,
    },
    () =>
      exportRecords({
        kind: pick.exportKind,
        outPath: out.fsPath,
        input: readJsonlRecords(input.fsPath),
      }),
  );
  const m = result.manifest;
  for (const w of m.warnings) void vscode.window.showWarningMessage(w);
  const dropped = Object.values(m.dropped).reduce((a, b) => a + b, 0);
  log.info(
    `export ${pick.exportKind}: ${m.rowsIn} in, ${m.rowsOut} out, ${dropped} dropped -> ${m.output.path}`,
  );
  const show = "Open Manifest";
  const choice = await vscode.window.showInformationMessage(
    `Exported ${m.rowsOut} rows (${m.rowsIn} read, ${dropped} dropped).`,
    show,
  );
  if (choice === show) await vscode.window.showTextDocument(vscode.Uri.file(result.manifestPath));
}

async function pickInput(): Promise<vscode.Uri | undefined> {
  const [file] =
    (await vscode.window.showOpenDialog({
      title: "Results file to export",
      filters: { "JSON Lines": ["jsonl"] },
      canSelectMany: false,
    })) ?? [];
  return file;
}
