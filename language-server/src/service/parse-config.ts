import { isMap, parseAllDocuments, type Document, type YAMLMap } from "yaml";
import { parseFlatConfig } from "./parse-flat-config";

/** A problem found while parsing, as byte-free character offsets into the text. */
export interface ParseProblem {
  readonly code:
    "yaml-syntax" | "multiple-documents" | "alias-limit" | "too-large" | "invalid-utf8";
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

export interface ParsedConfig {
  /** Undefined when there is no document, or when the flat-config fast path read the file. */
  readonly doc: Document | undefined;
  /** The top-level mapping, when the first document is one. */
  readonly map: YAMLMap | undefined;
  /** The first document's data as plain JS, or undefined when it could not be built safely. */
  readonly data: unknown;
  readonly problems: readonly ParseProblem[];
  /** True when the first document holds nothing (empty file, comments only, or `null`). */
  readonly empty: boolean;
}

/** Alias expansions allowed when building JS values; a billion-laughs file exceeds it at once. */
export const MAX_ALIAS_COUNT = 100;
/** Larger texts are not parsed: a method config is a few lines, and parsing must stay bounded. */
export const MAX_CONFIG_CHARS = 8 * 1024 * 1024;

const REPLACEMENT_CHAR = "\uFFFD";

/**
 * Parses a method config the way `yaml.safe_load` sees it (YAML 1.1: `yes`, `on` are booleans),
 * never throwing. The run file passes `"1.2"`: the job engine reads it with `yaml`'s defaults.
 */
export function parseConfig(
  text: string,
  yamlVersion: "1.1" | "1.2" = "1.1",
  { flatFastPath = true }: { flatFastPath?: boolean } = {},
): ParsedConfig {
  if (text.length > MAX_CONFIG_CHARS) {
    return failed({
      code: "too-large",
      message: `The file has ${text.length} characters; configs over ${MAX_CONFIG_CHARS} are not checked.`,
      start: 0,
      end: 0,
    });
  }
  const problems: ParseProblem[] = [];
  const bad = text.indexOf(REPLACEMENT_CHAR);
  if (bad >= 0) {
    problems.push({
      code: "invalid-utf8",
      message:
        "The file contains bytes that are not valid UTF-8; yaml.safe_load on a binary stream rejects them.",
      start: bad,
      end: bad + 1,
    });
  }
  // Method configs are nearly always flat; the fast path yields the same nodes (see its tests).
  const flat = yamlVersion === "1.1" && flatFastPath ? parseFlatConfig(text) : undefined;
  if (flat) return { doc: undefined, map: flat.map, data: flat.data, problems, empty: false };
  let docs: Document[];
  try {
    // YAML 1.1 as PyYAML reads it (`yes`, `on` are booleans). uniqueKeys off: duplicates are reported by the validator with their own code and range.
    docs = parseAllDocuments(text, {
      uniqueKeys: false,
      prettyErrors: false,
      version: yamlVersion,
      logLevel: "error",
    });
  } catch (err) {
    return failed({
      code: "yaml-syntax",
      message: `The YAML parser failed: ${String(err)}`,
      start: 0,
      end: 0,
    });
  }
  if (!Array.isArray(docs)) docs = [];
  const doc = docs[0];
  for (const error of doc?.errors ?? []) {
    const [start, end] = error.pos;
    problems.push({
      code: error.code === "RESOURCE_EXHAUSTION" ? "too-large" : "yaml-syntax",
      message: firstLine(error.message),
      start,
      end: Math.max(end, start + 1),
    });
  }
  const second = docs[1];
  if (second) {
    const start = second.range?.[0] ?? 0;
    problems.push({
      code: "multiple-documents",
      message: `The file holds ${docs.length} YAML documents; AgentArk loads configs with yaml.safe_load, which raises "expected a single document". Only the first is checked.`,
      start,
      end: Math.min(start + 3, text.length),
    });
  }
  if (!doc) return { doc: undefined, map: undefined, data: null, problems, empty: true };
  let data: unknown;
  try {
    data = doc.errors.length ? undefined : doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    const alias = text.indexOf("*");
    problems.push({
      code: "alias-limit",
      message: `Not expanded: ${err instanceof Error ? err.message : String(err)} (more than ${MAX_ALIAS_COUNT} alias expansions).`,
      start: Math.max(alias, 0),
      end: Math.max(alias, 0) + 1,
    });
    data = undefined;
  }
  const contents = doc.contents;
  const empty = contents === null || (data === null && problems.length === 0);
  return { doc, map: isMap(contents) ? contents : undefined, data, problems, empty };
}

function failed(problem: ParseProblem): ParsedConfig {
  return { doc: undefined, map: undefined, data: undefined, problems: [problem], empty: false };
}

function firstLine(message: string): string {
  return message.split("\n")[0] ?? message;
}
