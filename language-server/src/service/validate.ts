import { DiagnosticSeverity, type Diagnostic } from "vscode-languageserver-protocol";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { isScalar, type YAMLMap } from "yaml";
import type { DiagnosticCode, KeySpec, RuleFinding } from "../../../schemas/src";
import { didYouMean } from "../../../schemas/src/did-you-mean";
import { keyedPairs, locate, type Span } from "./locate";
import type { KnownClass, MethodRegistry } from "./method-registry";
import { parseConfig, type ParsedConfig } from "./parse-config";
import { insertKeyEdit, replaceSpan, ruleFixEdits, yamlScalar, type FixData } from "./text-edits";
import { checkValue, show } from "./value-check";

export const DIAGNOSTIC_SOURCE = "agentark";
/** Past this many findings the rest are summarized: a 50,000-line file must not flood the client. */
export const MAX_DIAGNOSTICS = 500;

type Severity = "error" | "warning" | "information" | "hint";
const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

class Findings {
  readonly list: Diagnostic[] = [];
  private readonly seen = new Set<string>();
  constructor(private readonly doc: TextDocument) {}

  add(
    code: DiagnosticCode,
    severity: Severity,
    message: string,
    span: Span,
    fixes: FixData[] = [],
  ): void {
    const id = `${code}:${span[0]}:${span[1]}:${message}`;
    if (this.seen.has(id)) return;
    this.seen.add(id);
    this.list.push({
      range: { start: this.doc.positionAt(span[0]), end: this.doc.positionAt(span[1]) },
      severity: SEVERITY[severity],
      code,
      source: DIAGNOSTIC_SOURCE,
      message,
      ...(fixes.length ? { data: { fixes } } : {}),
    });
  }
}

/** Every finding on one method config, with exact ranges and quick fixes in `data`. */
export function validateConfig(
  doc: TextDocument,
  registry: MethodRegistry,
  parsed: ParsedConfig = parseConfig(doc.getText()),
): Diagnostic[] {
  const out = new Findings(doc);
  const text = doc.getText();
  for (const p of parsed.problems) {
    out.add(p.code, p.code === "invalid-utf8" ? "warning" : "error", p.message, [p.start, p.end]);
  }
  const firstLine: Span = [0, Math.max(0, text.search(/\r?\n|$/))];
  if (parsed.map) checkDuplicates(parsed.map, out);

  const target = registry.targetFor(doc.uri);
  if (!target) return capped(out.list, doc);
  if (target.mode === "unknown") {
    const found = registry.candidatesFor(target.dir);
    const would = found.length
      ? `\`--method_name ${target.dir}\` would resolve among: ${found.join(", ")}.`
      : `\`--method_name ${target.dir}\` would raise ValueError: no registered method name contains "${target.dir}".`;
    out.add(
      "unknown-method",
      "information",
      `methods/${target.dir} is not a method in AgentArk's registry (method2class); only generic YAML checks apply. ${would}`,
      firstLine,
    );
    return capped(out.list, doc);
  }
  const classes = target.classes;
  if (classes.every((c) => c.spec.ignoresConfig)) {
    out.add(
      "config-ignored",
      "information",
      `${classes.map((c) => c.spec.className).join(", ")} ignores --method_config_name: this file is never loaded.`,
      firstLine,
    );
    return capped(out.list, doc);
  }
  const readsAnything = classes.some((c) => c.spec.keys.length > 0);
  if (parsed.empty && parsed.problems.length === 0) {
    if (readsAnything) {
      out.add(
        "empty-config",
        "error",
        `The config is empty: yaml.safe_load returns None and ${classes[0]?.spec.className} fails on its first \`method_config\` read.`,
        firstLine,
      );
    }
    return capped(out.list, doc);
  }
  if (!parsed.map) {
    const contents = parsed.doc?.contents;
    if (contents && !parsed.problems.some((p) => p.code === "yaml-syntax")) {
      const span: Span = contents.range ? [contents.range[0], contents.range[1]] : firstLine;
      out.add(
        "not-a-mapping",
        "error",
        `The top level must be a mapping of keys to values; this file holds ${isScalar(contents) ? "a single value" : "a list"}, so \`method_config[...]\` fails.`,
        span,
      );
    }
    return capped(out.list, doc);
  }
  const data = isRecord(parsed.data) ? parsed.data : undefined;
  checkKeys(doc, parsed.map, data, classes, target.mode, out);
  checkMissing(doc, parsed.map, classes, target.mode, firstLine, out);
  if (data) checkRules(doc, parsed.map, data, classes, out);
  return capped(out.list, doc);
}

function checkDuplicates(map: YAMLMap, out: Findings): void {
  const first = new Map<string, number>();
  for (const { name, keySpan } of keyedPairs(map)) {
    if (first.has(name)) {
      out.add(
        "duplicate-key",
        "error",
        `\`${name}\` is already set above; PyYAML silently keeps only the last value.`,
        keySpan,
      );
    } else first.set(name, keySpan[0]);
  }
}

function checkKeys(
  doc: TextDocument,
  map: YAMLMap,
  data: Record<string, unknown> | undefined,
  classes: readonly KnownClass[],
  mode: string,
  out: Findings,
): void {
  // Key name -> the classes that read it, in class order: one pass over the specs, not one per key.
  const readersOf = new Map<string, Reader[]>();
  for (const c of classes) {
    for (const spec of c.spec.keys) {
      const reader = { spec, className: c.spec.className };
      const list = readersOf.get(spec.key);
      if (list) list.push(reader);
      else readersOf.set(spec.key, [reader]);
    }
  }
  const allKeys = new Set(readersOf.keys());
  for (const { name, keySpan } of keyedPairs(map)) {
    const readers = readersOf.get(name);
    if (readers) {
      // A file reachable only by --method_config_name may be loaded by any class of its folder:
      // say which class a value problem concerns when they do not all read the key.
      const qualify = mode === "any-of-folder" && classes.length > 1;
      checkReadKey(doc, map, name, readers, data, qualify, out);
      continue;
    }
    const unread = classes.flatMap((c) => c.spec.unread.filter((u) => u.key === name))[0];
    if (unread) {
      const fixes = unread.renameTo
        ? [
            {
              title: `Rename to ${unread.renameTo}`,
              edits: [replaceSpan(doc, keySpan, unread.renameTo)],
              preferred: true,
            },
          ]
        : [];
      out.add("unread-key", "warning", unread.message, keySpan, fixes);
      continue;
    }
    const guess = didYouMean(name, allKeys);
    const readerNames = classes
      .map((c) => c.spec.className)
      .join(mode === "default" ? " and " : " or ");
    const message = `\`${name}\` has no effect: ${readerNames} never reads it.${guess ? ` Did you mean \`${guess}\`?` : ""}`;
    out.add(
      "unknown-key",
      "warning",
      message,
      keySpan,
      guess
        ? [
            {
              title: `Rename to ${guess}`,
              edits: [replaceSpan(doc, keySpan, guess)],
              preferred: true,
            },
          ]
        : [],
    );
  }
}

interface Reader {
  readonly spec: KeySpec;
  readonly className: string;
}

function checkReadKey(
  doc: TextDocument,
  map: YAMLMap,
  name: string,
  readers: readonly Reader[],
  data: Record<string, unknown> | undefined,
  qualify: boolean,
  out: Findings,
): void {
  const keySpan = locate(map, [name], "key");
  if (!keySpan) return;
  const noEffect = readers.every((r) => r.spec.noEffect) ? readers[0]?.spec.noEffect : undefined;
  if (noEffect) out.add("no-effect", "warning", noEffect, keySpan);
  if (!data || !(name in data)) return;
  const value = data[name];
  const text = doc.getText();
  for (const { spec, className } of readers) {
    const prefix = qualify ? `If ${className} loads this file: ` : "";
    for (const problem of checkValue(spec, value)) {
      const span = locate(map, [name, ...problem.subPath], "value") ?? keySpan;
      const like = text.slice(span[0], span[1]);
      const fixes = problem.replacements.slice(0, 8).map((v, i) => ({
        title: `Change to ${yamlScalar(v, like)}`,
        edits: [replaceSpan(doc, span, yamlScalar(v, like))],
        preferred: i === 0,
      }));
      out.add(problem.code, "error", prefix + problem.message, span, fixes);
    }
    for (const hazard of spec.hazards ?? []) {
      if (!hazard.when(value)) continue;
      const span = locate(map, [name], "value") ?? keySpan;
      const fixes =
        hazard.saferValue === undefined
          ? []
          : [
              {
                title: `Change to ${yamlScalar(hazard.saferValue, text.slice(span[0], span[1]))}`,
                edits: [
                  replaceSpan(
                    doc,
                    span,
                    yamlScalar(hazard.saferValue, text.slice(span[0], span[1])),
                  ),
                ],
              },
            ];
      out.add("runtime-hazard", "warning", prefix + hazard.message, span, fixes);
    }
  }
}

function checkMissing(
  doc: TextDocument,
  map: YAMLMap,
  classes: readonly KnownClass[],
  mode: string,
  firstLine: Span,
  out: Findings,
): void {
  const present = new Set(keyedPairs(map).map((p) => p.name));
  const missing = new Map<string, { spec: KeySpec; classes: string[] }>();
  for (const c of classes) {
    for (const spec of c.spec.keys) {
      if (!spec.required || present.has(spec.key)) continue;
      const entry = missing.get(spec.key) ?? { spec, classes: [] };
      entry.classes.push(c.spec.className);
      missing.set(spec.key, entry);
    }
  }
  for (const [key, { spec, classes: by }] of missing) {
    // A name reachable only by --method_config_name is fine if any class of the folder can load it.
    if (mode === "any-of-folder" && by.length < classes.length) continue;
    const message = `Missing required key \`${key}\`: ${by.join(" and ")} read${by.length > 1 ? "" : "s"} \`method_config["${key}"]\` and fail${by.length > 1 ? "" : "s"} with KeyError at construction. (AgentArk ships ${show(spec.default)}.)`;
    out.add("missing-key", "error", message, firstLine, [
      {
        title: `Add ${key}: ${yamlScalar(spec.default)}`,
        edits: [insertKeyEdit(doc, key, spec.default)],
        preferred: true,
      },
    ]);
  }
}

function checkRules(
  doc: TextDocument,
  map: YAMLMap,
  data: Record<string, unknown>,
  classes: readonly KnownClass[],
  out: Findings,
): void {
  for (const c of classes) {
    for (const rule of c.spec.rules) {
      for (const finding of safeRule(() => rule(data))) {
        const span =
          locate(map, finding.path, finding.target) ?? locate(map, finding.path.slice(0, 1), "key");
        if (!span) continue;
        const fix = finding.fix ? ruleFixEdits(doc, map, finding.fix) : undefined;
        out.add(
          finding.code as DiagnosticCode,
          finding.severity,
          finding.message,
          span,
          fix ? [fix] : [],
        );
      }
    }
  }
}

function safeRule(run: () => readonly RuleFinding[]): readonly RuleFinding[] {
  try {
    return run();
  } catch {
    return [];
  }
}

function capped(list: Diagnostic[], doc: TextDocument): Diagnostic[] {
  if (list.length <= MAX_DIAGNOSTICS) return list;
  const kept = list.slice(0, MAX_DIAGNOSTICS);
  kept.push({
    range: { start: doc.positionAt(0), end: doc.positionAt(0) },
    severity: DiagnosticSeverity.Information,
    code: "too-large",
    source: DIAGNOSTIC_SOURCE,
    message: `${list.length - MAX_DIAGNOSTICS} more findings are not shown.`,
  });
  return kept;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
