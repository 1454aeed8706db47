// "New Run...": a guided quick-pick flow that writes a run into agentark.runs.yaml (an undoable
// edit that keeps the rest of the file as written) and offers to start it. "Run inference with
// this config" enters it with the method and config already known.
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import * as vscode from "vscode";
import { KIND_SPECS, type ArgValue } from "../../../../schemas/src/runs";
import {
  LOCAL_HOST,
  RUN_FILE_NAME,
  RUN_KINDS,
  type RunFile,
  type RunKind,
} from "../../../../schemas/src/runs/run-file";
import { METHOD_CLASSES } from "../../../../schemas/src/method-configs/method-classes";
import { appendRun, type NewRun } from "./append-run";
import { configMethods, inferenceOutput } from "./config-methods";

export interface NewRunPreset {
  readonly kind?: RunKind;
  /** A method config file: its methods and config name prefill the inference arguments. */
  readonly config?: vscode.Uri;
}

export interface NewRunDeps {
  readonly workspace: string;
  readonly runFile: RunFile;
}

const DEFAULT_MODEL = "Qwen/Qwen3-8B";
const RUN_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Asks for a run step by step; writes it and returns its name, or undefined when cancelled. */
export async function newRunFlow(
  deps: NewRunDeps,
  preset: NewRunPreset = {},
): Promise<string | undefined> {
  const kind = preset.kind ?? (await pickKind());
  if (!kind) return undefined;
  const host = await pickHost(deps.runFile);
  if (!host) return undefined;
  const draft =
    kind === "inference"
      ? await inferenceArgs(deps.workspace, preset.config)
      : await kindArgs(kind);
  if (!draft) return undefined;
  const taken = new Set(Object.keys(deps.runFile.runs ?? {}));
  const name = await vscode.window.showInputBox({
    title: "New Run: name",
    prompt: `The run's name in ${RUN_FILE_NAME}`,
    value: uniqueName(draft.suggestedName, taken),
    validateInput: (v) =>
      !RUN_NAME.test(v)
        ? "Letters, digits, '.', '_' and '-', starting with a letter or digit"
        : taken.has(v)
          ? `A run named "${v}" already exists`
          : undefined,
  });
  if (!name) return undefined;
  await writeRun(deps.workspace, name, { ...draft.run, host });
  return name;
}

interface Draft {
  readonly run: Omit<NewRun, "host">;
  readonly suggestedName: string;
}

async function pickKind(): Promise<RunKind | undefined> {
  const pick = await vscode.window.showQuickPick(
    RUN_KINDS.map((k) => ({ label: k, detail: KIND_SPECS[k].summary })),
    { title: "New Run: kind", placeHolder: "What should the run do?" },
  );
  return pick?.label;
}

async function pickHost(file: RunFile): Promise<string | undefined> {
  const items = [
    { label: LOCAL_HOST, description: "this machine, the workspace as checkout" },
    ...Object.entries(file.hosts ?? {})
      .filter(([name]) => name !== LOCAL_HOST)
      .map(([name, h]) => ({
        label: name,
        description: `${h.scheduler ?? "direct"} · ${h.ssh} · ${h.agentark}`,
      })),
  ];
  const pick = await vscode.window.showQuickPick(items, {
    title: "New Run: host",
    placeHolder:
      items.length > 1 ? "Where should it run?" : `Where should it run? (hosts: ${RUN_FILE_NAME})`,
  });
  return pick?.label;
}

async function inferenceArgs(
  workspace: string,
  config: vscode.Uri | undefined,
): Promise<Draft | undefined> {
  const known = config ? configMethods(config.fsPath) : undefined;
  const methods = known?.methods ?? (await methodNames(workspace));
  const method =
    methods.length === 1
      ? methods[0]
      : await pickOrType(methods, "New Run: method", "--method_name (the method2class key)");
  if (!method) return undefined;
  const dataset = await pickOrType(
    await datasetNames(workspace),
    "New Run: dataset",
    "--test_dataset_name: datasets/data/<name>.json on the host",
  );
  if (!dataset) return undefined;
  const model = await vscode.window.showInputBox({
    title: "New Run: model",
    prompt: "--model_name: a Hugging Face id or path for vLLM, or the model_api_config key",
    value: DEFAULT_MODEL,
    validateInput: (v) => (v.trim() ? undefined : "A model name is needed"),
  });
  if (!model) return undefined;
  const mode = await vscode.window.showQuickPick(
    [
      { label: "vLLM", detail: "--use_vllm: offline batch on the host's GPUs", vllm: true },
      { label: "HTTP API", detail: "model_api_config: an OpenAI-compatible endpoint", vllm: false },
    ],
    { title: "New Run: how the model is served" },
  );
  if (!mode) return undefined;
  const output = inferenceOutput(method, dataset, model.trim(), known?.configName);
  const args: Record<string, ArgValue> = {
    method_name: method,
    ...(known?.configName ? { method_config_name: known.configName } : {}),
    test_dataset_name: dataset,
    model_name: model.trim(),
    ...(mode.vllm ? { use_vllm: true } : {}),
    ...(output.explicit ? { output_path: output.path } : {}),
  };
  const stem = known?.configName ? `${method}-${known.configName}` : method;
  return {
    run: { kind: "inference", args, download: [output.path] },
    suggestedName: slug(`${stem}-${dataset}`),
  };
}

/** The kind's required flags, one input each; the language server helps with the rest. */
async function kindArgs(kind: RunKind): Promise<Draft | undefined> {
  if (kind === "custom") {
    const line = await vscode.window.showInputBox({
      title: "New Run: command",
      prompt: "The command, run in the checkout (split on spaces; edit the list in the file)",
      validateInput: (v) => (v.trim() ? undefined : "A command is needed"),
    });
    if (!line) return undefined;
    return {
      run: { kind, args: {}, command: line.trim().split(/\s+/) },
      suggestedName: slug(line.trim().split(/\s+/).slice(0, 2).join("-")),
    };
  }
  const args: Record<string, ArgValue> = {};
  for (const flag of KIND_SPECS[kind].flags.filter((f) => f.required)) {
    const value = flag.choices
      ? await vscode.window.showQuickPick([...flag.choices], { title: `New Run: ${flag.name}` })
      : await vscode.window.showInputBox({
          title: `New Run: ${flag.name}`,
          prompt: flag.doc,
          validateInput: (v) => (v.trim() ? undefined : `${flag.name} is required`),
        });
    if (value === undefined) return undefined;
    args[flag.name] =
      flag.type === "int" || flag.type === "float" ? Number(value.trim()) : value.trim();
  }
  return { run: { kind, args }, suggestedName: kind };
}

/** A quick pick over `items` that also takes whatever the user types. */
function pickOrType(
  items: readonly string[],
  title: string,
  placeholder: string,
): Promise<string | undefined> {
  const qp = vscode.window.createQuickPick();
  qp.title = title;
  qp.placeholder = placeholder;
  const base = items.map((label) => ({ label }));
  qp.items = base;
  return new Promise((resolve) => {
    qp.onDidChangeValue((v) => {
      const typed = v.trim();
      qp.items =
        typed && !items.includes(typed)
          ? [{ label: typed, description: "as typed" }, ...base]
          : base;
    });
    qp.onDidAccept(() => {
      resolve(qp.selectedItems[0]?.label ?? (qp.value.trim() || undefined));
      qp.hide();
    });
    qp.onDidHide(() => {
      resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}

async function methodNames(workspace: string): Promise<string[]> {
  const names = new Set(METHOD_CLASSES.map((c) => c.name));
  for (const dir of await listDir(join(workspace, "methods"))) names.add(dir);
  return [...names];
}

async function datasetNames(workspace: string): Promise<string[]> {
  const files = await listDir(join(workspace, "datasets", "data"));
  return files
    .filter((f) => f.endsWith(".json") && !f.endsWith("_val.json"))
    .map((f) => f.slice(0, -5))
    .sort();
}

async function listDir(path: string): Promise<string[]> {
  try {
    return await readdir(path);
  } catch {
    return [];
  }
}

async function writeRun(workspace: string, name: string, run: NewRun): Promise<void> {
  const uri = vscode.Uri.file(join(workspace, RUN_FILE_NAME));
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    await vscode.workspace.fs.writeFile(uri, new Uint8Array());
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  const edit = appendRun(doc.getText(), name, run);
  const range = new vscode.Range(
    doc.positionAt(edit.offset),
    doc.positionAt(edit.offset + edit.deleteLength),
  );
  const we = new vscode.WorkspaceEdit();
  we.replace(doc.uri, range, edit.text);
  if (!(await vscode.workspace.applyEdit(we)))
    throw new Error(`${RUN_FILE_NAME} could not be edited`);
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  const at = doc.positionAt(edit.offset + edit.text.indexOf(`${name}:`));
  editor.selection = new vscode.Selection(at, at);
  editor.revealRange(
    new vscode.Range(at, at),
    vscode.TextEditorRevealType.InCenterIfOutsideViewport,
  );
  if (!(await doc.save())) throw new Error(`${RUN_FILE_NAME} could not be saved`);
}

function uniqueName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, "-")
      .replace(/^[^a-z0-9]+|-+$/g, "") || "run"
  );
}
