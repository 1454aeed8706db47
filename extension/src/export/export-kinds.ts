// The export kinds and their shared types. Each kind lives in `<kind>-export.ts`.
import { createHash } from "node:crypto";
import type { LabeledRow } from "./labeled-row";
import type { ExportStats } from "./manifest";

export const EXPORT_KINDS = ["rsft", "da", "prm", "prm-steps", "grpo"] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export function isExportKind(value: string): value is ExportKind {
  return (EXPORT_KINDS as readonly string[]).includes(value);
}

export type RsftPreference = "aggregate" | "first-correct";

export interface ExportOptions {
  /** rsft: which correct solution becomes the target (default `aggregate`). */
  prefer?: RsftPreference;
  /** prm-steps: share of queries (by hash) that go to `test.jsonl`. */
  testFraction?: number;
}

/** A failure the user can act on (wrong kind of input, bad option). */
export class ExportError extends Error {
  override name = "ExportError";
}

/** Writes one output row into the named output file (`main`, or `train`/`test`). */
export type Emit = (file: string, row: unknown) => Promise<void>;

interface ExporterBase {
  /** Output file name → path; `main` is `<out>` itself. */
  files(outPath: string): Record<string, string>;
  /** Serialize rows (default JSON.stringify). */
  serialize?: (row: unknown) => string;
  /** Warnings that depend on the paths or the whole run. */
  finish?(outPath: string, stats: ExportStats): void;
}

/** What every kind implements; the runner does reading, parsing, counting and writing. */
export type RowExporter =
  | (ExporterBase & {
      needsLabels: true;
      onRow(row: LabeledRow, emit: Emit, stats: ExportStats): Promise<void>;
    })
  | (ExporterBase & {
      needsLabels: false;
      onRow(row: Record<string, unknown>, emit: Emit, stats: ExportStats): Promise<void>;
    });

/** Remembers strings by digest, so dedup over millions of long queries stays small. */
export class SeenSet {
  private readonly seen = new Set<string>();

  /** True the first time a key is seen. */
  add(...parts: string[]): boolean {
    const key = createHash("sha1").update(parts.join("\u0000")).digest("base64");
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }
}
