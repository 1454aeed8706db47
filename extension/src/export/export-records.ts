// Runs one export over a stream of parsed rows: picks the kind's exporter, counts and drops,
// writes every output file atomically, then the manifest. Rows arrive one at a time from any
// (async) iterable, so the input size does not matter.
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { daExporter } from "./da-export";
import { ExportError, type ExportKind, type ExportOptions, type RowExporter } from "./export-kinds";
import { grpoExporter } from "./grpo-export";
import type { InputRecord } from "./jsonl-records";
import { classifyRow } from "./labeled-row";
import { ExportStats, writeManifest, type ExportManifest } from "./manifest";
import { JsonlWriter } from "./jsonl-writer";
import { prmExporter } from "./prm-export";
import { prmStepsExporter } from "./prm-steps-export";
import { rsftExporter } from "./rsft-export";

export interface ExportInput {
  path: string;
  records: AsyncIterable<InputRecord> | Iterable<InputRecord>;
  /** Digest of the input, read after the records are exhausted. */
  sha256(): string;
  bytes(): number;
  blankLines?(): number;
}

export interface ExportRequest {
  kind: ExportKind;
  outPath: string;
  options?: ExportOptions;
  input: ExportInput;
  toolVersion?: string;
  now?: () => Date;
}

export interface ExportResult {
  manifest: ExportManifest;
  manifestPath: string;
}

export function createExporter(kind: ExportKind, options: ExportOptions = {}): RowExporter {
  if (options.prefer !== undefined && kind !== "rsft")
    throw new ExportError("--prefer applies only to --to rsft");
  if (options.testFraction !== undefined) {
    if (kind !== "prm-steps")
      throw new ExportError("--test-fraction applies only to --to prm-steps");
    if (!(options.testFraction >= 0 && options.testFraction < 1))
      throw new ExportError("--test-fraction must be at least 0 and below 1");
  }
  switch (kind) {
    case "rsft":
      return rsftExporter(options.prefer);
    case "da":
      return daExporter();
    case "prm":
      return prmExporter();
    case "prm-steps":
      return prmStepsExporter(options.testFraction);
    case "grpo":
      return grpoExporter();
  }
}

/** The options as applied, defaults included, so the manifest says what rule shaped the data. */
function effectiveOptions(kind: ExportKind, options: ExportOptions): Record<string, unknown> {
  if (kind === "rsft") return { prefer: options.prefer ?? "aggregate" };
  if (kind === "prm-steps") return { testFraction: options.testFraction ?? null };
  return {};
}

function emptyHint(kind: ExportKind): string {
  if (kind === "prm-steps")
    return "no solution has a complete set of human step labels (agentark_studio.step_labels)";
  if (kind === "prm") return "no query has both correct and incorrect solutions";
  return "see the dropped counts";
}

const INFERENCE_INPUT =
  "the input holds inference rows (*_infer.jsonl: query, gt, response), not labeled rows; " +
  "only --to grpo applies (and --to prm-steps, for step labels made in the editor). " +
  "Label it with label.py first, then export the *_labeled_by_* file";

async function consume(
  exporter: RowExporter,
  input: ExportInput,
  emit: (file: string, row: unknown) => Promise<void>,
  stats: ExportStats,
): Promise<void> {
  let sawData = false;
  for await (const rec of input.records) {
    stats.rowsIn++;
    if ("malformed" in rec) {
      stats.drop("row: malformed JSON");
      continue;
    }
    if (rec.lenient) stats.count("rows with NaN/Infinity read as null");
    if (!exporter.needsLabels) {
      const row = rec.row;
      if (typeof row !== "object" || row === null || Array.isArray(row))
        stats.drop("row: not a JSON object");
      else await exporter.onRow(row as Record<string, unknown>, emit, stats);
      continue;
    }
    const shape = classifyRow(rec.row);
    if (shape.kind === "inference") {
      if (!sawData) throw new ExportError(INFERENCE_INPUT);
      stats.drop("row: inference row (no labeled solutions)");
    } else if (shape.kind === "invalid") {
      stats.drop(`row: ${shape.reason}`);
    } else {
      sawData = true;
      await exporter.onRow(shape.row, emit, stats);
    }
  }
}

export async function exportRecords(req: ExportRequest): Promise<ExportResult> {
  const options = req.options ?? {};
  const exporter = createExporter(req.kind, options);
  const files = exporter.files(req.outPath);
  const writers = new Map<string, JsonlWriter>();
  const stats = new ExportStats();
  try {
    for (const [name, path] of Object.entries(files)) {
      await mkdir(dirname(path), { recursive: true });
      writers.set(name, new JsonlWriter(path, exporter.serialize));
    }
    const emit = async (file: string, row: unknown): Promise<void> => {
      stats.rowsOut++;
      await writers.get(file)!.write(row);
    };
    await consume(exporter, req.input, emit, stats);
    exporter.finish?.(req.outPath, stats);
    if (stats.rowsOut === 0) stats.warn(`no rows were written: ${emptyHint(req.kind)}`);
    for (const w of writers.values()) await w.commit();
  } catch (err) {
    for (const w of writers.values()) await w.abort();
    throw err;
  }
  const manifest: ExportManifest = {
    kind: req.kind,
    tool: { name: "agentark-studio", version: req.toolVersion ?? "unknown" },
    created: (req.now?.() ?? new Date()).toISOString(),
    input: {
      path: req.input.path,
      sha256: req.input.sha256(),
      bytes: req.input.bytes(),
      blankLines: req.input.blankLines?.() ?? 0,
    },
    output: { path: req.outPath, files: Object.values(files) },
    options: effectiveOptions(req.kind, options),
    rowsIn: stats.rowsIn,
    rowsOut: stats.rowsOut,
    dropped: stats.dropped,
    details: stats.details,
    warnings: stats.warnings,
  };
  return { manifest, manifestPath: await writeManifest(req.outPath, manifest) };
}
