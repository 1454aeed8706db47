// `agentark-studio export`: turns a labeled (or, for grpo, inference) results file into training
// data in one sequential pass, with a manifest beside the output.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import {
  EXPORT_KINDS,
  ExportError,
  isExportKind,
  type ExportKind,
  type ExportOptions,
} from "../export/export-kinds";
import { exportRecords } from "../export/export-records";
import { readJsonlRecords } from "../export/jsonl-records";

export const EXPORT_USAGE = `usage: agentark-studio export --to <kind> --out <path> [options] <file.jsonl>

  --to rsft        {"input": query, "output": solution}: one correct final solution per query
  --to da          {"input", "output"}: every distinct correct solution
  --to prm         label.py rows with both correct and incorrect solutions (prm/finetune2.py)
  --to prm-steps   folder with train.jsonl (and test.jsonl): TRL stepwise supervision from step labels
  --to grpo        {"input": query, "answer": gt or "null"} (also from inference rows)
  --out <path>     output file (a folder for prm-steps); <path>.manifest.json is written beside it
  --prefer aggregate|first-correct
                   rsft: the aggregated answer when correct, else the first correct agent
                   (aggregate, the default), or the first correct agent first (first-correct)
  --test-fraction <f>
                   prm-steps: share of queries (by hash, deterministic) written to test.jsonl

exit status: 0 exported, 1 export failed, 2 bad usage`;

class ExportUsageError extends Error {}

interface ParsedArgs {
  kind: ExportKind;
  out: string;
  input: string;
  options: ExportOptions;
}

const VALUE_FLAGS = ["--to", "--out", "--prefer", "--test-fraction"] as const;
type ValueFlag = (typeof VALUE_FLAGS)[number];

function isValueFlag(s: string): s is ValueFlag {
  return (VALUE_FLAGS as readonly string[]).includes(s);
}

function collect(argv: readonly string[]): {
  values: Map<ValueFlag, string>;
  positional: string[];
} {
  const values = new Map<ValueFlag, string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf("=");
    const name = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    if (isValueFlag(name)) {
      const value = eq > 0 && name !== arg ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === "") throw new ExportUsageError(`${name} needs a value`);
      if (values.has(name)) throw new ExportUsageError(`${name} given twice`);
      values.set(name, value);
    } else if (arg.startsWith("-") && arg !== "-") {
      throw new ExportUsageError(`unknown option: ${arg}`);
    } else {
      positional.push(arg);
    }
  }
  return { values, positional };
}

export function parseExportArgs(argv: readonly string[]): ParsedArgs {
  const { values, positional } = collect(argv);
  const kind = values.get("--to");
  if (!kind) throw new ExportUsageError("--to <kind> is required");
  if (!isExportKind(kind))
    throw new ExportUsageError(`unknown kind ${kind}; one of ${EXPORT_KINDS.join(", ")}`);
  const out = values.get("--out");
  if (!out) throw new ExportUsageError("--out <path> is required");
  if (positional.length !== 1)
    throw new ExportUsageError(
      positional.length ? `one input file, got ${positional.length}` : "no input file given",
    );
  if (resolve(out) === resolve(positional[0]!))
    throw new ExportUsageError("--out must not be the input file");
  const options: ExportOptions = {};
  const prefer = values.get("--prefer");
  if (prefer !== undefined) {
    if (kind !== "rsft") throw new ExportUsageError("--prefer applies only to --to rsft");
    if (prefer !== "aggregate" && prefer !== "first-correct")
      throw new ExportUsageError("--prefer is aggregate or first-correct");
    options.prefer = prefer;
  }
  const fraction = values.get("--test-fraction");
  if (fraction !== undefined) {
    if (kind !== "prm-steps")
      throw new ExportUsageError("--test-fraction applies only to prm-steps");
    const f = Number(fraction);
    if (!/^\d*\.?\d+$/.test(fraction) || !(f >= 0 && f < 1))
      throw new ExportUsageError("--test-fraction is a number from 0 up to (not including) 1");
    options.testFraction = f;
  }
  return { kind, out, input: positional[0]!, options };
}

/** The extension's version, from the package.json above the running script or the cwd. */
function toolVersion(): string {
  const starts = [process.argv[1] ? dirname(resolve(process.argv[1])) : "", process.cwd()];
  for (const start of starts) {
    let dir = start;
    for (let i = 0; dir && i < 8; i++, dir = dirname(dir)) {
      const pkg = join(dir, "package.json");
      if (!existsSync(pkg)) continue;
      try {
        const parsed = JSON.parse(readFileSync(pkg, "utf8")) as { name?: string; version?: string };
        if (parsed.name === "agentark-studio" && parsed.version) return parsed.version;
      } catch {
        // an unreadable package.json is not ours
      }
    }
  }
  return "unknown";
}

function summary(kind: string, m: Awaited<ReturnType<typeof exportRecords>>["manifest"]): string {
  const drops = Object.entries(m.dropped);
  const total = drops.reduce((a, [, n]) => a + n, 0);
  const detail = drops.length ? ` (${drops.map(([r, n]) => `${r}: ${n}`).join(", ")})` : "";
  return `${kind}: ${m.rowsIn} rows in, ${m.rowsOut} out, ${total} dropped${detail} -> ${m.output.path}`;
}

/** `agentark-studio export ...`; argv may start with `export`. Returns the exit status. */
export async function runExport(argv: string[]): Promise<number> {
  const args = argv[0] === "export" ? argv.slice(1) : argv;
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(`${EXPORT_USAGE}\n`);
    return 0;
  }
  let parsed: ParsedArgs;
  try {
    parsed = parseExportArgs(args);
  } catch (err) {
    if (!(err instanceof ExportUsageError)) throw err;
    process.stderr.write(`agentark-studio export: ${err.message}\n\n${EXPORT_USAGE}\n`);
    return 2;
  }
  try {
    const source = readJsonlRecords(parsed.input);
    const { manifest, manifestPath } = await exportRecords({
      kind: parsed.kind,
      outPath: parsed.out,
      options: parsed.options,
      input: source,
      toolVersion: toolVersion(),
    });
    for (const w of manifest.warnings) process.stderr.write(`warning: ${w}\n`);
    process.stdout.write(`${summary(parsed.kind, manifest)}; manifest ${manifestPath}\n`);
    return 0;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const prefix = err instanceof ExportError ? "" : "failed: ";
    process.stderr.write(`agentark-studio export: ${prefix}${message}\n`);
    return 1;
  }
}
