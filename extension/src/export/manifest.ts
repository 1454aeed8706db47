// `<out>.manifest.json`: what an export read, wrote and dropped, so a training run's data can be
// traced back to the exact results file (by sha256) and the rules that shaped it.
import { writeFile } from "node:fs/promises";
import type { ExportKind } from "./export-kinds";

export interface ExportManifest {
  kind: ExportKind;
  tool: { name: string; version: string };
  created: string;
  input: { path: string; sha256: string; bytes: number; blankLines: number };
  output: { path: string; files: string[] };
  options: Record<string, unknown>;
  rowsIn: number;
  rowsOut: number;
  /** Reason → count; a reason names its unit (row or solution). */
  dropped: Record<string, number>;
  /** Counts that explain the output without being drops (which rule picked a solution, ...). */
  details: Record<string, number>;
  warnings: string[];
}

/** Counters an export fills while it streams. */
export class ExportStats {
  rowsIn = 0;
  rowsOut = 0;
  readonly dropped: Record<string, number> = {};
  readonly details: Record<string, number> = {};
  readonly warnings: string[] = [];

  drop(reason: string, n = 1): void {
    this.dropped[reason] = (this.dropped[reason] ?? 0) + n;
  }

  count(detail: string, n = 1): void {
    this.details[detail] = (this.details[detail] ?? 0) + n;
  }

  warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  get droppedTotal(): number {
    return Object.values(this.dropped).reduce((a, b) => a + b, 0);
  }
}

export function manifestPathFor(outPath: string): string {
  return `${outPath.replace(/[\\/]+$/, "")}.manifest.json`;
}

export async function writeManifest(outPath: string, manifest: ExportManifest): Promise<string> {
  const path = manifestPathFor(outPath);
  await writeFile(path, `${JSON.stringify(manifest, null, 2)}\n`, "utf8");
  return path;
}
