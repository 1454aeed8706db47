import type { Position } from "vscode-languageserver-protocol";
import type { TextDocument } from "vscode-languageserver-textdocument";

/** Where the cursor is in the run file, read from indentation (the text may not parse mid-edit). */
export interface CursorContext {
  /** Keys of the enclosing mappings, outermost first, e.g. `["runs", "debate", "args"]`. */
  readonly path: readonly string[];
  /** Set when completing the value of `key:`; undefined when completing a key. */
  readonly valueOf: string | undefined;
  /** What has been typed of the key or value, and how many characters it spans before the cursor. */
  readonly typed: string;
  /** The opening quote of a value being typed, if any. */
  readonly quote: string;
}

const KEY_LINE = /^(\s*)(?:-\s+)?([\w.-]+)\s*:(.*)$/;
const FLOW_TAIL = /[{,]\s*([\w.-]*)(?:\s*:\s*(["']?)([^,{}"']*))?$/;

/** The completion context at `position`, or undefined inside comments and list items. */
export function cursorContext(doc: TextDocument, position: Position): CursorContext | undefined {
  const line = doc.getText({ start: { line: position.line, character: 0 }, end: position });
  if (/#/.test(line.replace(/(["']).*?\1/g, ""))) return undefined;
  const indent = /^\s*/.exec(line)?.[0].length ?? 0;
  const parents = parentKeys(doc, position.line, indent);
  const keyLine = KEY_LINE.exec(line);
  if (keyLine) {
    const key = keyLine[2] ?? "";
    const rest = keyLine[3] ?? "";
    const flowAt = rest.lastIndexOf("{");
    if (flowAt >= 0 && !rest.slice(flowAt).includes("}")) {
      // `args: {method_name: llm_debate, te|`: complete inside the flow mapping.
      const tail = FLOW_TAIL.exec(rest.slice(flowAt));
      if (!tail) return undefined;
      const path = [...parents, key];
      if (tail[2] !== undefined || /:\s*$/.test(tail[0]))
        return {
          path,
          valueOf: tail[1] ?? "",
          typed: (tail[2] ?? "") + (tail[3] ?? ""),
          quote: tail[2] ?? "",
        };
      return { path, valueOf: undefined, typed: tail[1] ?? "", quote: "" };
    }
    const value = /^\s*(["']?)([^"'#]*)$/.exec(rest);
    if (!value) return undefined;
    return {
      path: parents,
      valueOf: key,
      typed: (value[1] ?? "") + (value[2] ?? "").trimStart(),
      quote: value[1] ?? "",
    };
  }
  const typing = /^\s*([\w.-]*)$/.exec(line);
  if (!typing) return undefined;
  return { path: parents, valueOf: undefined, typed: typing[1] ?? "", quote: "" };
}

/** The keys of the block mappings enclosing a line indented by `indent`, outermost first. */
function parentKeys(doc: TextDocument, line: number, indent: number): string[] {
  const keys: string[] = [];
  let limit = indent;
  for (let l = line - 1; l >= 0 && limit > 0; l--) {
    const text = doc
      .getText({ start: { line: l, character: 0 }, end: { line: l + 1, character: 0 } })
      .replace(/\r?\n$/, "");
    if (/^\s*(#.*)?$/.test(text)) continue;
    const own = /^\s*/.exec(text)?.[0].length ?? 0;
    if (own >= limit) continue;
    const match = /^\s*([\w.-]+)\s*:\s*(#.*)?$/.exec(text);
    if (!match) return [];
    keys.unshift(match[1] ?? "");
    limit = own;
  }
  return keys;
}
