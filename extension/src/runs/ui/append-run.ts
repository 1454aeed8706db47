// Adds one run to agentark.runs.yaml as a text insertion, so the user's comments, key order and
// formatting elsewhere stay as they wrote them (a parse-and-reprint would restyle the file).
import { Document, isMap, isScalar, isSeq, parseDocument, type Node } from "yaml";
import type { ArgValue } from "../../../../schemas/src/runs";

export interface NewRun {
  readonly kind: string;
  readonly host: string;
  readonly args: Readonly<Record<string, ArgValue>>;
  /** For `custom` runs. */
  readonly command?: readonly string[];
  readonly download?: readonly string[];
}

export interface TextInsertion {
  /** Offset in the source where `text` goes (replacing `deleteLength` characters). */
  readonly offset: number;
  readonly deleteLength: number;
  readonly text: string;
}

/** The edit that adds run `name` at the end of `runs:` (creating the section when absent). */
export function appendRun(source: string, name: string, run: NewRun): TextInsertion {
  const doc = parseDocument(source);
  if (doc.errors.length > 0)
    throw new Error(
      `agentark.runs.yaml has YAML errors; fix them first (${doc.errors[0]?.message})`,
    );
  if (doc.contents !== null && !isMap(doc.contents))
    throw new Error("agentark.runs.yaml must be a mapping with hosts: and runs:");
  const runs = doc.get("runs", true) as Node | null | undefined;
  const eol = source.includes("\r\n") ? "\r\n" : "\n";
  if (isMap(runs) && !runs.flow && runs.items.length > 0 && runs.range) {
    if (runs.items.some((p) => String((p.key as { value?: unknown }).value) === name))
      throw new Error(`a run named "${name}" already exists`);
    const first = runs.items[0]?.key as Node | undefined;
    const indent = first?.range ? columnOf(source, first.range[0]) : 2;
    const end = lineEnd(source, runs.range[1]);
    const prefix = end === source.length && !source.endsWith("\n") ? eol : "";
    return { offset: end, deleteLength: 0, text: prefix + render(name, run, indent, eol) };
  }
  if (runs === undefined) {
    const prefix = source.length === 0 || source.endsWith("\n") ? "" : eol;
    return {
      offset: source.length,
      deleteLength: 0,
      text: `${prefix}runs:${eol}${render(name, run, 2, eol)}`,
    };
  }
  // `runs:` with nothing after it, or `runs: {}`: the new run becomes the section's value.
  const empty = isScalar(runs) && runs.value === null;
  if (runs !== null && !empty && !(isMap(runs) && runs.items.length === 0))
    throw new Error(
      "`runs:` in agentark.runs.yaml is not a block mapping of run names; add the run by hand",
    );
  const pair = (doc.contents as { items: { key: Node }[] }).items.find(
    (p) => String((p.key as { value?: unknown }).value) === "runs",
  );
  const colon = source.indexOf(":", pair?.key.range?.[1] ?? 0) + 1;
  const valueEnd = isMap(runs) && runs.range ? runs.range[1] : colon;
  const text = render(name, run, 2, eol);
  return {
    offset: colon,
    deleteLength: valueEnd - colon,
    text: eol + text.slice(0, -eol.length),
  };
}

function render(name: string, run: NewRun, indent: number, eol: string): string {
  const body = new Document({
    kind: run.kind,
    host: run.host,
    ...(run.command ? { command: run.command } : {}),
    ...(Object.keys(run.args).length > 0 ? { args: run.args } : {}),
    ...(run.download?.length ? { download: run.download } : {}),
  });
  for (const key of ["args", "command", "download"]) {
    const node = body.get(key, true);
    if (isMap(node) || isSeq(node)) node.flow = true;
  }
  return renderNode(name, body.toString({ lineWidth: 0 }), indent, eol);
}

function renderNode(name: string, yamlBody: string, indent: number, eol: string): string {
  const pad = " ".repeat(indent);
  const key = new Document(name).toString().trimEnd();
  const lines = yamlBody.trimEnd().split("\n");
  return `${pad}${key}:${eol}${lines.map((l) => `${pad}  ${l}`).join(eol)}${eol}`;
}

function columnOf(source: string, offset: number): number {
  return offset - (source.lastIndexOf("\n", offset - 1) + 1);
}

/** The offset just past the line holding `offset - 1` (the map's last character). */
function lineEnd(source: string, offset: number): number {
  const nl = source.indexOf("\n", Math.max(0, offset - 1));
  return nl < 0 ? source.length : nl + 1;
}
