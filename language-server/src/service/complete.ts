import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type Position,
} from "vscode-languageserver-protocol";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { KeySpec } from "../../../schemas/src";
import type { KnownClass } from "./method-registry";
import { yamlScalar } from "./text-edits";

const KEY_TYPING = /^([A-Za-z_][\w-]*)?$/;
const VALUE_TYPING = /^([A-Za-z_][\w-]*)\s*:\s*(["']?)([^"'#]*)$/;
const ITEM_TYPING = /^(\s*)-\s*(["']?)([^"'#]*)$/;
const PARENT_KEY = /^([A-Za-z_][\w-]*)\s*:\s*(#.*)?$/;

/** Completion of missing keys, of values (enums, booleans) and of list items (role names). */
export function completeConfig(
  doc: TextDocument,
  position: Position,
  classes: readonly KnownClass[],
  presentKeys: ReadonlySet<string>,
): CompletionItem[] {
  const line = doc.getText({ start: { line: position.line, character: 0 }, end: position });
  const specs = uniqueSpecs(classes);
  const item = ITEM_TYPING.exec(line);
  if (item) {
    const parent = parentKey(doc, position.line);
    const spec = parent ? specs.get(parent) : undefined;
    return valueItems(
      spec?.itemValues ?? [],
      position,
      (item[2] ?? "") + (item[3] ?? ""),
      item[2] ?? "",
    );
  }
  const value = VALUE_TYPING.exec(line);
  if (value) {
    const spec = specs.get(value[1] ?? "");
    if (!spec) return [];
    const typed = (value[2] ?? "") + (value[3] ?? "");
    const options =
      spec.values ??
      (spec.kind === "boolean"
        ? ["true", "false"]
        : spec.default !== undefined && !Array.isArray(spec.default)
          ? [yamlScalar(spec.default)]
          : []);
    return valueItems(options, position, typed, value[2] ?? "");
  }
  if (!KEY_TYPING.test(line)) return [];
  const typed = line.length;
  return [...specs.values()]
    .filter((s) => !presentKeys.has(s.key))
    .map((s) => keyItem(s, position, typed));
}

function keyItem(spec: KeySpec, position: Position, typed: number): CompletionItem {
  const dflt = spec.default;
  const insert = Array.isArray(dflt)
    ? `${spec.key}:\n${dflt.map((v, i) => `  - \${${i + 1}:${escape(yamlScalar(v, '"'))}}`).join("\n")}`
    : `${spec.key}: \${1:${escape(yamlScalar(dflt))}}`;
  return {
    label: spec.key,
    kind: CompletionItemKind.Property,
    detail: `${spec.kind}${spec.required ? ", required" : ""}, default ${yamlScalar(Array.isArray(dflt) ? `[${dflt.length} items]` : dflt)}`,
    documentation: { kind: MarkupKind.Markdown, value: spec.doc },
    sortText: `${spec.required ? "0" : "1"}${spec.key}`,
    insertTextFormat: InsertTextFormat.Snippet,
    textEdit: {
      range: {
        start: { line: position.line, character: position.character - typed },
        end: position,
      },
      newText: insert,
    },
  };
}

function valueItems(
  values: readonly string[],
  position: Position,
  typed: string,
  quote: string,
): CompletionItem[] {
  const start = { line: position.line, character: position.character - typed.length };
  return values.map((v, i) => ({
    label: v,
    kind: CompletionItemKind.Value,
    sortText: String(i).padStart(3, "0"),
    filterText: `${quote}${v}`,
    textEdit: {
      range: { start, end: position },
      newText: quote ? `${quote}${v}${quote}` : yamlScalar(v),
    },
  }));
}

function parentKey(doc: TextDocument, line: number): string | undefined {
  for (let l = line - 1; l >= 0 && l > line - 200; l--) {
    const text = doc
      .getText({ start: { line: l, character: 0 }, end: { line: l + 1, character: 0 } })
      .replace(/\r?\n$/, "");
    const match = PARENT_KEY.exec(text);
    if (match) return match[1];
    if (/^\S/.test(text) && !text.startsWith("#")) return undefined;
  }
  return undefined;
}

function uniqueSpecs(classes: readonly KnownClass[]): Map<string, KeySpec> {
  const specs = new Map<string, KeySpec>();
  for (const c of classes) for (const s of c.spec.keys) if (!specs.has(s.key)) specs.set(s.key, s);
  return specs;
}

function escape(text: string): string {
  return text.replace(/[$}\\]/g, (c) => `\\${c}`);
}
