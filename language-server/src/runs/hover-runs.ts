import { MarkupKind, type Hover } from "vscode-languageserver-protocol";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { YAMLMap } from "yaml";
import {
  flagsOf,
  KIND_SPECS,
  LOCAL_HOST,
  resolveMethod,
  RUN_KINDS,
  runFileFieldDoc,
  type RunFileSection,
  type RunKind,
} from "../../../schemas/src/runs";
import { flagDoc } from "./flag-doc";
import type { RunsData } from "./complete-runs";
import { pathAt } from "./yaml-path";

/** Hover on run-file fields, run kinds, arg names (type, default, doc), method names and hosts. */
export function hoverRuns(
  doc: TextDocument,
  offset: number,
  map: YAMLMap,
  data: RunsData,
  methods: readonly string[],
): Hover | null {
  const hit = pathAt(map, offset);
  if (!hit) return null;
  const text = hoverText(hit.path, hit.target, data, methods);
  if (!text) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: text },
    range: { start: doc.positionAt(hit.span[0]), end: doc.positionAt(hit.span[1]) },
  };
}

function hoverText(
  path: readonly string[],
  target: "key" | "value",
  data: RunsData,
  methods: readonly string[],
): string | undefined {
  const [top, name, field, arg] = path;
  const hosts = record(data?.hosts);
  if (path.length === 1 && target === "key") return runFileFieldDoc("file", top ?? "");
  if (top === "hosts" && name !== undefined) {
    if (path.length === 2) return hostText(name, hosts[name]);
    const section: RunFileSection = field === "slurm" && path.length === 4 ? "slurm" : "host";
    const key = section === "slurm" ? arg : field;
    return target === "key" && key ? runFileFieldDoc(section, key) : undefined;
  }
  if (top !== "runs" || name === undefined) return undefined;
  const run = record(record(data?.runs)[name]);
  const kind = RUN_KINDS.find((k) => k === run.kind);
  if (path.length === 2) return kind ? `**${name}**: ${kindText(kind)}` : undefined;
  if (field === undefined) return undefined;
  if (path.length === 3) {
    if (target === "value" && field === "kind" && kind) return kindText(kind);
    if (target === "value" && field === "host" && typeof run.host === "string")
      return hostText(run.host, hosts[run.host]);
    return runFileFieldDoc("run", field);
  }
  if (field !== "args" || !kind || arg === undefined || path.length !== 4) return undefined;
  const args = record(run.args) as Record<string, never>;
  const { script, meta } = flagsOf(kind, args);
  const flag = [...meta, ...script].find((f) => f.name === arg);
  if (target === "value" && arg === "method_name" && kind === "inference") {
    const method = String(run.args && record(run.args).method_name);
    const ds = record(run.args).test_dataset_name;
    const dataset = typeof ds === "string" ? ds : "MATH";
    const r = resolveMethod(method, dataset, methods);
    if (r.kind === "resolved") return `\`${method}\` with \`${dataset}\` runs **\`${r.method}\`**.`;
    if (r.kind === "key-error") return `\`${method}\` with \`${dataset}\` raises KeyError.`;
    return `No method matches \`${method}\` (ValueError).`;
  }
  if (!flag) return undefined;
  return flagDoc(flag);
}

function kindText(kind: RunKind): string {
  const spec = KIND_SPECS[kind];
  return `\`${kind}\`: ${spec.summary}\n\n\`${spec.entry}\``;
}

function hostText(name: string, host: unknown): string {
  if (name === LOCAL_HOST && host === undefined)
    return "**local** (built in): this machine, no SSH; the workspace folder is the AgentArk checkout.";
  const h = record(host);
  const lines = [`**${name}**`];
  if (typeof h.ssh === "string") lines.push(`- ssh: \`${h.ssh}\``);
  lines.push(`- checkout: \`${typeof h.agentark === "string" ? h.agentark : "~/AgentArk"}\``);
  lines.push(`- scheduler: \`${typeof h.scheduler === "string" ? h.scheduler : "direct"}\``);
  return lines.join("\n");
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
