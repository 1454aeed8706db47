import type { TextEdit } from "vscode-languageserver-protocol";
import { isSeq, type Node, type YAMLMap } from "yaml";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { RuleFix } from "../../../schemas/src";
import { keyedPairs, type Span } from "./locate";

/** A quick fix carried in a diagnostic's `data`, applied by the code-action handler. */
export interface FixData {
  readonly title: string;
  readonly edits: TextEdit[];
  readonly preferred?: boolean;
}

const PLAIN_SAFE = /^[A-Za-z_][\w .\-/]*$/;
const YAML_11_SPECIAL = /^(y|n|yes|no|on|off|true|false|null|~)$/i;

/** Renders a value as YAML text, keeping the quoting or capitalization style of `like`. */
export function yamlScalar(value: unknown, like?: string): string {
  if (typeof value === "boolean") {
    const capital = like !== undefined && /^[TF]/.test(like.trim());
    const text = String(value);
    return capital ? text[0]?.toUpperCase() + text.slice(1) : text;
  }
  if (typeof value === "number") return String(value);
  if (value === null || value === undefined) return "null";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  const quote = like?.trim()[0];
  if (quote === '"') return JSON.stringify(text);
  if (quote === "'") return `'${text.replace(/'/g, "''")}'`;
  return PLAIN_SAFE.test(text) && !YAML_11_SPECIAL.test(text) && !text.endsWith(" ")
    ? text
    : JSON.stringify(text);
}

export function replaceSpan(doc: TextDocument, span: Span, newText: string): TextEdit {
  return { range: { start: doc.positionAt(span[0]), end: doc.positionAt(span[1]) }, newText };
}

/** Appends `key: value` as the last top-level line, keeping every other byte. */
export function insertKeyEdit(doc: TextDocument, key: string, value: unknown): TextEdit {
  const text = doc.getText();
  const end = doc.positionAt(text.length);
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const lead = text.length === 0 || text.endsWith("\n") ? "" : eol;
  const body = Array.isArray(value)
    ? `${key}:${eol}${value.map((v) => `  - ${yamlScalar(v, '"')}`).join(eol)}`
    : `${key}: ${yamlScalar(value)}`;
  return { range: { start: end, end }, newText: `${lead}${body}${eol}` };
}

/** Turns a rule's structured fix into edits against the current text. */
export function ruleFixEdits(doc: TextDocument, map: YAMLMap, fix: RuleFix): FixData | undefined {
  const entry = keyedPairs(map).find((p) => p.name === fix.key);
  if (!entry) return undefined;
  const value = entry.pair.value;
  switch (fix.kind) {
    case "set-value": {
      if (!value?.range) return undefined;
      const span: Span = [value.range[0], value.range[1]];
      return {
        title: fix.title,
        edits: [
          replaceSpan(doc, span, yamlScalar(fix.value, doc.getText().slice(span[0], span[1]))),
        ],
        preferred: true,
      };
    }
    case "pad-list":
      return isSeq(value)
        ? padList(doc, value.items as Node[], fix.item, fix.toLength, value.flow === true, fix.key)
        : undefined;
    case "trim-list":
      return isSeq(value)
        ? trimList(doc, value.items as Node[], fix.toLength, value.flow === true, fix.key)
        : undefined;
  }
}

function padList(
  doc: TextDocument,
  items: Node[],
  item: string,
  toLength: number,
  flow: boolean,
  key: string,
): FixData | undefined {
  const last = items[items.length - 1];
  const missing = toLength - items.length;
  if (!last?.range || missing <= 0) return undefined;
  const text = doc.getText();
  const like = text.slice(last.range[0], last.range[1]);
  const rendered = yamlScalar(item, like);
  const at = doc.positionAt(last.range[1]);
  let newText: string;
  if (flow) {
    newText = Array.from({ length: missing }, () => `, ${rendered}`).join("");
  } else {
    const lineText = doc.getText({
      start: { line: at.line, character: 0 },
      end: { line: at.line + 1, character: 0 },
    });
    const indent = /^(\s*-\s*)/.exec(lineText)?.[1] ?? "  - ";
    const eol = text.includes("\r\n") ? "\r\n" : "\n";
    newText = Array.from({ length: missing }, () => `${eol}${indent}${rendered}`).join("");
  }
  return {
    title: `Add ${missing} × ${rendered} to ${key}`,
    edits: [{ range: { start: at, end: at }, newText }],
    preferred: true,
  };
}

function trimList(
  doc: TextDocument,
  items: Node[],
  toLength: number,
  flow: boolean,
  key: string,
): FixData | undefined {
  const keep = items[toLength - 1];
  const last = items[items.length - 1];
  if (!keep?.range || !last?.range || toLength >= items.length) return undefined;
  const start = doc.positionAt(keep.range[1]);
  const lastEnd = doc.positionAt(last.range[1]);
  const end = flow
    ? lastEnd
    : {
        line: lastEnd.line,
        character: doc
          .getText({
            start: { line: lastEnd.line, character: 0 },
            end: { line: lastEnd.line + 1, character: 0 },
          })
          .replace(/\r?\n$/, "").length,
      };
  return {
    title: `Keep the first ${toLength} entries of ${key}`,
    edits: [{ range: { start, end }, newText: "" }],
  };
}
