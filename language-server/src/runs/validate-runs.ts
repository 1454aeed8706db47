import { DiagnosticSeverity, type Diagnostic } from "vscode-languageserver-protocol";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { YAMLMap } from "yaml";
import {
  checkRunFile,
  didYouMeanName,
  Host,
  Run,
  runFileFields,
  type RunFile,
  type RunFileSection,
  type RunFinding,
} from "../../../schemas/src/runs";
import { withUserHosts } from "../../../schemas/src/runs/run-file";
import type { Span } from "../service/locate";
import type { ParsedConfig } from "../service/parse-config";
import { replaceSpan, yamlScalar, type FixData } from "../service/text-edits";
import { duplicateKeys, locatePath } from "./yaml-path";

/** Source shown in the Problems panel next to each code. */
export const RUNS_SOURCE = "agentark-runs";

const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
} as const;

/** Stands in for an invalid run so `after:` links and names still resolve; its findings are dropped. */
const PLACEHOLDER: Run = { kind: "custom", command: ["-"] };

/**
 * Diagnostics for `agentark.runs.yaml`: YAML syntax, the schema (each host and run on its own, so
 * one bad run hides nothing else), then every trap of `checkRunFile`, each on the offending node.
 */
export function validateRuns(
  doc: TextDocument,
  parsed: ParsedConfig,
  methods: readonly string[],
  userHosts: Readonly<Record<string, Host>> = {},
): Diagnostic[] {
  const diagnostics: Diagnostic[] = parsed.problems.map((p) =>
    diagnostic(doc, [p.start, p.end], "runs-yaml-syntax", "error", p.message),
  );
  const map = parsed.map;
  const data = parsed.data;
  if (!map || !isRecord(data)) {
    if (!parsed.empty && parsed.problems.length === 0)
      diagnostics.push(
        diagnostic(
          doc,
          [0, 0],
          "runs-schema",
          "error",
          "The run file must be a mapping with `hosts:` and `runs:`.",
        ),
      );
    return diagnostics;
  }
  for (const dup of duplicateKeys(map))
    diagnostics.push(
      diagnostic(
        doc,
        dup.span,
        "runs-duplicate-key",
        "error",
        `\`${dup.name}\` appears twice in this mapping; only the last one counts.`,
      ),
    );
  const at = (path: readonly string[], target: "key" | "value"): Span =>
    locatePath(map, path, target) ?? [0, 0];
  for (const key of Object.keys(data))
    if (key !== "hosts" && key !== "runs")
      diagnostics.push(
        diagnostic(
          doc,
          at([key], "key"),
          "runs-schema",
          "error",
          unknownField(key, "file", "the run file"),
        ),
      );
  const invalid = new Set<string>();
  const file: { hosts: NonNullable<RunFile["hosts"]>; runs: NonNullable<RunFile["runs"]> } = {
    hosts: {},
    runs: {},
  };
  for (const [section, schema, target] of [
    ["hosts", Host, file.hosts],
    ["runs", Run, file.runs],
  ] as const) {
    const entries: unknown = data[section];
    if (entries === undefined || entries === null) continue;
    if (!isRecord(entries)) {
      diagnostics.push(
        diagnostic(
          doc,
          at([section], "value"),
          "runs-schema",
          "error",
          `\`${section}:\` must be a mapping of names.`,
        ),
      );
      continue;
    }
    for (const [name, raw] of Object.entries(entries)) {
      const result = schema.safeParse(raw);
      if (result.success) {
        (target as Record<string, unknown>)[name] = result.data;
        continue;
      }
      invalid.add(`${section}/${name}`);
      (target as Record<string, unknown>)[name] =
        section === "hosts"
          ? { ssh: "-" }
          : {
              ...PLACEHOLDER,
              ...(isRecord(raw) && typeof raw.after === "string" ? { after: raw.after } : {}),
            };
      for (const issue of result.error.issues)
        diagnostics.push(...issueDiagnostics(doc, map, [section, name], issue));
    }
  }
  // The user's own hosts (settings) resolve `host:` values; findings about them are not this file's.
  for (const finding of checkRunFile(withUserHosts(file, userHosts), { methods })) {
    if (invalid.has(`${finding.path[0]}/${finding.path[1]}`)) continue;
    if (finding.path[0] === "hosts" && !(finding.path[1]! in file.hosts)) continue;
    diagnostics.push(findingDiagnostic(doc, map, finding));
  }
  return diagnostics;
}

/** One finding of check-run.ts as a diagnostic on its node, with its quick fix when it has one. */
export function findingDiagnostic(doc: TextDocument, map: YAMLMap, f: RunFinding): Diagnostic {
  const span = locatePath(map, f.path, f.target) ?? [0, 0];
  const result = diagnostic(doc, span, f.code, f.severity, f.message);
  if (f.replacement === undefined) return result;
  const old = doc.getText().slice(span[0], span[1]);
  const fix: FixData = {
    title: `Change to \`${f.replacement}\``,
    edits: [replaceSpan(doc, span, yamlScalar(f.replacement, old))],
    preferred: true,
  };
  // The code-action handler of ConfigService turns `data.fixes` into quick fixes.
  return { ...result, data: { fixes: [fix] } };
}

interface Issue {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly keys?: readonly string[];
}

function issueDiagnostics(
  doc: TextDocument,
  map: YAMLMap,
  base: readonly string[],
  issue: Issue,
): Diagnostic[] {
  const path = [...base, ...issue.path.map(String)];
  if (issue.code === "unrecognized_keys" && issue.keys) {
    const section = sectionOf(path);
    return issue.keys.map((key) =>
      diagnostic(
        doc,
        locatePath(map, [...path, key], "key") ?? [0, 0],
        "runs-schema",
        "error",
        unknownField(key, section, `a ${section === "file" ? "run file" : section}`),
      ),
    );
  }
  const present = locatePath(map, path, "value");
  const where = present ?? locatePath(map, base, "key") ?? [0, 0];
  const message =
    issue.path.length === 0
      ? `${base[0] === "hosts" ? "A host" : "A run"} must be a mapping: ${issue.message}.`
      : present
        ? `\`${path.slice(2).join(".")}\`: ${issue.message}.`
        : `\`${path.slice(2).join(".")}\` is required: ${issue.message}.`;
  return [diagnostic(doc, where, "runs-schema", "error", message)];
}

function sectionOf(path: readonly string[]): RunFileSection {
  if (path[0] === "hosts") return path[2] === "slurm" ? "slurm" : "host";
  return path[0] === "runs" ? "run" : "file";
}

function unknownField(key: string, section: RunFileSection, what: string): string {
  const suggestion = didYouMeanName(key, runFileFields(section));
  return `\`${key}\` is not a field of ${what}.${suggestion ? ` Did you mean \`${suggestion}\`?` : ""} Fields: ${runFileFields(section).join(", ")}.`;
}

function diagnostic(
  doc: TextDocument,
  span: Span,
  code: string,
  severity: RunFinding["severity"],
  message: string,
): Diagnostic {
  return {
    range: { start: doc.positionAt(span[0]), end: doc.positionAt(span[1]) },
    severity: SEVERITY[severity],
    code,
    source: RUNS_SOURCE,
    message,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
