import { isMap, parseAllDocuments, type Document } from "yaml";
import {
  MAX_ALIAS_COUNT,
  MAX_CONFIG_CHARS,
  type ParsedConfig,
  type ParseProblem,
} from "../service/parse-config";

/**
 * Parses the run file as the job engine reads it (`yaml`'s `parse`, YAML 1.2: `on`, `yes` and `y`
 * are strings), unlike method configs, which PyYAML reads as YAML 1.1. Never throws.
 */
export function parseRuns(text: string): ParsedConfig {
  const failed = (problem: ParseProblem): ParsedConfig => ({
    doc: undefined,
    map: undefined,
    data: undefined,
    problems: [problem],
    empty: false,
  });
  if (text.length > MAX_CONFIG_CHARS)
    return failed({
      code: "too-large",
      message: `The file has ${text.length} characters; it is not checked.`,
      start: 0,
      end: 0,
    });
  let docs: Document[];
  try {
    // uniqueKeys off: duplicates get their own diagnostic on the second key.
    docs = parseAllDocuments(text, {
      uniqueKeys: false,
      prettyErrors: false,
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
  const problems: ParseProblem[] = (doc?.errors ?? []).map((error) => ({
    code: "yaml-syntax",
    message: error.message.split("\n")[0] ?? error.message,
    start: error.pos[0],
    end: Math.max(error.pos[1], error.pos[0] + 1),
  }));
  const second = docs[1];
  if (second) {
    const start = second.range?.[0] ?? 0;
    problems.push({
      code: "multiple-documents",
      message: "The run file holds more than one YAML document; the job engine reads only one.",
      start,
      end: Math.min(start + 3, text.length),
    });
  }
  if (!doc) return { doc: undefined, map: undefined, data: null, problems, empty: true };
  let data: unknown;
  try {
    data = doc.errors.length ? undefined : doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    problems.push({
      code: "alias-limit",
      message: `Not expanded: ${String(err)}`,
      start: 0,
      end: 0,
    });
  }
  const empty = doc.contents === null || (data === null && problems.length === 0);
  return { doc, map: isMap(doc.contents) ? doc.contents : undefined, data, problems, empty };
}
