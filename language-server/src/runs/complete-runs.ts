import {
  CompletionItemKind,
  MarkupKind,
  type CompletionItem,
  type Position,
} from "vscode-languageserver-protocol";
import type { TextDocument } from "vscode-languageserver-textdocument";
import {
  flagsOf,
  KIND_SPECS,
  LOCAL_HOST,
  RUN_KINDS,
  runFileFieldDoc,
  runFileFields,
  type FlagSpec,
  type RunFileSection,
  type RunKind,
} from "../../../schemas/src/runs";
import { yamlScalar } from "../service/text-edits";
import { cursorContext } from "./cursor-context";
import { flagDoc } from "./flag-doc";

/** What completion knows about the workspace besides the document. */
export interface RunsWorkspace {
  /** Method keys in registry order (AgentArk's and the workspace's own). */
  readonly methods: readonly string[];
  /** Names of `datasets/data/*.json` (without `.json`) in the workspace. */
  readonly datasets: readonly string[];
}

/** The run file as far as it could be read (plain data, possibly invalid). */
export type RunsData = Record<string, unknown> | undefined;

const DATASET_ARGS = new Set(["test_dataset_name", "dataset_name", "tested_dataset_name"]);
const METHOD_ARGS = new Set(["method_name", "tested_method_name"]);

/** Completion of fields, run kinds, hosts, `after:` runs, arg names per kind and arg values. */
export function completeRuns(
  doc: TextDocument,
  position: Position,
  data: RunsData,
  ws: RunsWorkspace,
): CompletionItem[] {
  const ctx = cursorContext(doc, position);
  if (!ctx) return [];
  const range = {
    start: { line: position.line, character: position.character - ctx.typed.length },
    end: position,
  };
  const values = (
    items: readonly string[],
    kind: CompletionItemKind,
    detail?: (v: string) => string | undefined,
  ) =>
    items.map((v, i): CompletionItem => ({
      label: v,
      kind,
      sortText: String(i).padStart(4, "0"),
      filterText: `${ctx.quote}${v}`,
      ...(detail?.(v) ? { detail: detail(v) } : {}),
      textEdit: { range, newText: ctx.quote ? `${ctx.quote}${v}${ctx.quote}` : yamlScalar(v) },
    }));
  const keys = (
    names: readonly string[],
    doc_: (n: string) => string | undefined,
    present: readonly string[],
  ) =>
    names
      .filter((n) => !present.includes(n))
      .map((n, i): CompletionItem => {
        const documentation = doc_(n);
        return {
          label: n,
          kind: CompletionItemKind.Property,
          sortText: String(i).padStart(4, "0"),
          ...(documentation
            ? { documentation: { kind: MarkupKind.Markdown, value: documentation } }
            : {}),
          textEdit: { range, newText: `${n}: ` },
        };
      });
  const [top, name, sub] = ctx.path;
  const runs = record(data?.runs);
  const hosts = record(data?.hosts);
  if (ctx.path.length === 0 && ctx.valueOf === undefined)
    return keys(runFileFields("file"), (n) => runFileFieldDoc("file", n), Object.keys(data ?? {}));
  if (top === "hosts" && name !== undefined) {
    const section: RunFileSection = sub === "slurm" ? "slurm" : "host";
    if (ctx.path.length > (sub === "slurm" ? 3 : 2)) return [];
    if (ctx.valueOf === undefined) {
      const present = Object.keys(
        record(sub === "slurm" ? record(hosts[name]).slurm : hosts[name]),
      );
      return keys(runFileFields(section), (n) => runFileFieldDoc(section, n), present);
    }
    if (ctx.valueOf === "scheduler" && section === "host")
      return values(["direct", "slurm"], CompletionItemKind.EnumMember);
    return [];
  }
  if (top !== "runs" || name === undefined) return [];
  const run = record(runs[name]);
  const kind = RUN_KINDS.find((k) => k === run.kind);
  if (ctx.path.length === 2) {
    if (ctx.valueOf === undefined)
      return keys(runFileFields("run"), (n) => runFileFieldDoc("run", n), Object.keys(run));
    switch (ctx.valueOf) {
      case "kind":
        return values(
          RUN_KINDS,
          CompletionItemKind.EnumMember,
          (k) => KIND_SPECS[k as RunKind].summary,
        );
      case "host":
        return values([...Object.keys(hosts), LOCAL_HOST], CompletionItemKind.Reference, (h) =>
          h === LOCAL_HOST ? "this machine, the workspace as checkout" : hostDetail(hosts[h]),
        );
      case "after":
        return values(
          Object.keys(runs).filter((r) => r !== name),
          CompletionItemKind.Reference,
        );
      default:
        return [];
    }
  }
  if (sub !== "args" || ctx.path.length !== 3 || !kind) return [];
  const args = record(run.args) as Record<string, never>;
  const { script, meta } = flagsOf(kind, args);
  const all = [...meta, ...script];
  if (ctx.valueOf === undefined) {
    return all
      .filter((f) => !(f.name in args))
      .map((f, i): CompletionItem => ({
        label: f.name,
        kind: CompletionItemKind.Property,
        detail: flagDetail(f),
        documentation: { kind: MarkupKind.Markdown, value: flagDoc(f) },
        sortText: `${f.required ? "0" : "1"}${String(i).padStart(4, "0")}`,
        textEdit: { range, newText: `${f.name}: ` },
      }));
  }
  const flag = all.find((f) => f.name === ctx.valueOf);
  if (METHOD_ARGS.has(ctx.valueOf)) return values(ws.methods, CompletionItemKind.Value);
  if (DATASET_ARGS.has(ctx.valueOf) && ws.datasets.length > 0 && !flag?.choices)
    return values(ws.datasets, CompletionItemKind.Value);
  if (!flag) return [];
  if (flag.choices) return values(flag.choices, CompletionItemKind.EnumMember);
  if (flag.type === "bool") return values(["true", "false"], CompletionItemKind.Value);
  if (flag.default !== undefined && !Array.isArray(flag.default))
    return values([String(flag.default)], CompletionItemKind.Value, () => "default");
  return [];
}

function flagDetail(f: FlagSpec): string {
  const dflt = f.default === undefined ? "" : `, default ${JSON.stringify(f.default)}`;
  return `${f.type}${f.required ? ", required" : ""}${dflt}`;
}

function hostDetail(host: unknown): string | undefined {
  const h = record(host);
  return typeof h.ssh === "string" ? `ssh ${h.ssh}` : undefined;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
