import { realpathSync } from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import {
  EXPORT_KINDS,
  ExportError,
  type ExportKind,
  type ExportOptions,
} from "../export/export-kinds";
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

const SAVE_AND_EXPORT = "Save and Export";

/**
 * "AgentArk: Export Training Data...": the same exports as `agentark-studio export`, from the
 * editor. Without an argument it exports the file of the active editor (the curation editor or a
 * text editor on a `.jsonl`), else it asks for one.
 *
 * The export reads the file on disk and its manifest records that file's sha256, so training data
 * can be traced to exact bytes. Exporting unsaved edits would give a manifest no file matches;
 * exporting the saved bytes would silently leave out what the user sees. So with unsaved edits
 * it asks to save before it writes, and exports nothing unless the save happened.
 */
export async function exportTrainingData(log: Log, target?: unknown): Promise<void> {
  const input = target instanceof vscode.Uri ? target : (activeJsonl() ?? (await pickInput()));
  if (!input) return;
  const name = path.basename(input.fsPath);
  const pick = await vscode.window.showQuickPick(
    EXPORT_KINDS.map((exportKind) => ({
      exportKind,
      label: KIND_DETAILS[exportKind].label,
      detail: KIND_DETAILS[exportKind].detail,
    })),
    { title: `Export training data from ${name}`, placeHolder: "What to export" },
  );
  if (!pick) return;
  const options = await askOptions(pick.exportKind);
  if (!options) return;
  const out = await vscode.window.showSaveDialog({
    title: `Export ${pick.label} to`,
    defaultUri: input.with({
      path: input.path.replace(/\.jsonl$/, "") + KIND_DETAILS[pick.exportKind].suffix,
    }),
  });
  if (!out) return;
  if (samePath(out.fsPath, input.fsPath)) {
    void vscode.window.showErrorMessage(
      `Export not written: the output must not be the input file (${name}).`,
    );
    return;
  }
  // Asked last: when the dialog closes VS Code gives focus back to the editor, which would close
  // any picker shown after it.
  if (!(await savedOrAsk(input, name))) return;
  let result;
  try {
    result = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Exporting ${pick.label} from ${name}`,
        cancellable: false,
      },
      () =>
        exportRecords({
          kind: pick.exportKind,
          outPath: out.fsPath,
          options,
          input: readJsonlRecords(input.fsPath),
          toolVersion: toolVersion(),
        }),
    );
  } catch (err) {
    log.error(`export ${pick.exportKind} of ${input.fsPath} to ${out.fsPath} failed`, err);
    void vscode.window.showErrorMessage(`Export failed: ${failureMessage(err, input, out)}`);
    return;
  }
  const m = result.manifest;
  for (const w of m.warnings) void vscode.window.showWarningMessage(w);
  const dropped = Object.values(m.dropped).reduce((a, b) => a + b, 0);
  log.info(
    `export ${pick.exportKind}: ${m.rowsIn} in, ${m.rowsOut} out, ${dropped} dropped -> ${m.output.path}`,
  );
  const show = "Open Manifest";
  const choice = await vscode.window.showInformationMessage(
    `Exported ${m.rowsOut} rows to ${path.basename(out.fsPath)} (${m.rowsIn} read, ${dropped} dropped).`,
    show,
  );
  if (choice === show) await vscode.window.showTextDocument(vscode.Uri.file(result.manifestPath));
}

/**
 * The kind's options, as `agentark-studio export` takes them (`--prefer`, `--test-fraction`);
 * undefined when the user cancels.
 */
async function askOptions(kind: ExportKind): Promise<ExportOptions | undefined> {
  if (kind === "rsft") {
    const prefer = await vscode.window.showQuickPick(
      [
        {
          prefer: "aggregate" as const,
          label: "The aggregated solution",
          detail:
            "When it is correct; otherwise the first correct agent solution (--prefer aggregate)",
        },
        {
          prefer: "first-correct" as const,
          label: "The first correct agent solution",
          detail: "Even when the aggregated solution is correct (--prefer first-correct)",
        },
      ],
      { title: "R-SFT output for each query", placeHolder: "Which correct solution to train on" },
    );
    return prefer && { prefer: prefer.prefer };
  }
  if (kind === "prm-steps") {
    const share = await vscode.window.showInputBox({
      title: "PRM steps: share of queries held out in test.jsonl",
      prompt:
        "0 writes train.jsonl only; 0.1 sends a tenth of the queries (by a hash) to test.jsonl",
      value: "0",
      validateInput: (v) =>
        testFraction(v) === undefined ? "A number from 0 up to (not including) 1" : null,
    });
    if (share === undefined) return undefined;
    const f = testFraction(share);
    return f ? { testFraction: f } : {};
  }
  return {};
}

function testFraction(text: string): number | undefined {
  const f = Number(text.trim());
  return text.trim() !== "" && f >= 0 && f < 1 ? f : undefined;
}

/** The extension's version, for the manifest (the command line writes its own). */
function toolVersion(): string | undefined {
  const pkg = vscode.extensions.getExtension<unknown>("agentark.agentark-studio")?.packageJSON as
    { version?: string } | undefined;
  return pkg?.version;
}

/** The `.jsonl` of the active tab: the curation editor (a custom editor) or a text editor. */
function activeJsonl(): vscode.Uri | undefined {
  const tabInput = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const uri =
    tabInput instanceof vscode.TabInputCustom || tabInput instanceof vscode.TabInputText
      ? tabInput.uri
      : undefined;
  return uri?.scheme === "file" && uri.path.endsWith(".jsonl") ? uri : undefined;
}

/** True when no editor of `input` has unsaved edits, or the user chose to save them and they were. */
async function savedOrAsk(input: vscode.Uri, name: string): Promise<boolean> {
  if (!isDirty(input)) return true;
  const choice = await vscode.window.showWarningMessage(
    `${name} has unsaved edits. The export reads the file on disk (its manifest records the file's sha256): save your edits first?`,
    { modal: true },
    SAVE_AND_EXPORT,
  );
  if (choice !== SAVE_AND_EXPORT) return false;
  const saved = await vscode.workspace.save(input);
  if (saved && !isDirty(input)) return true;
  void vscode.window.showWarningMessage(`Nothing exported: ${name} was not saved.`);
  return false;
}

function isDirty(uri: vscode.Uri): boolean {
  const key = uri.toString();
  return vscode.window.tabGroups.all.some((group) =>
    group.tabs.some((tab) => {
      const input = tab.input;
      const tabUri =
        input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText
          ? input.uri
          : undefined;
      return tab.isDirty && tabUri?.toString() === key;
    }),
  );
}

function samePath(a: string, b: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  return real(a) === real(b);
}

/** One sentence the user can act on: an export rule, or which file could not be read or written. */
function failureMessage(err: unknown, input: vscode.Uri, out: vscode.Uri): string {
  if (err instanceof ExportError) return err.message;
  const e = err as NodeJS.ErrnoException;
  const reason = FS_REASONS[e.code ?? ""] ?? (e.message || String(err));
  const file = e.path && path.resolve(e.path) === path.resolve(input.fsPath) ? input : out;
  const verb = file === input ? "could not read" : "could not write";
  return `${verb} ${file.fsPath}: ${reason}.`;
}

const FS_REASONS: Record<string, string> = {
  ENOENT: "the file or its folder does not exist",
  ENOTDIR: "a part of the path is a file, not a folder",
  EISDIR: "it is a folder",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "the file system is read-only",
  ENOSPC: "the disk is full",
  EEXIST: "a file is in the way",
};

async function pickInput(): Promise<vscode.Uri | undefined> {
  const [file] =
    (await vscode.window.showOpenDialog({
      title: "Results file to export",
      filters: { "JSON Lines": ["jsonl"] },
      canSelectMany: false,
    })) ?? [];
  return file;
}
