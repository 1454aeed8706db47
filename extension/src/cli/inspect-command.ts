import { stat } from "node:fs/promises";
import {
  labelStats,
  type LabelStats,
  type LabelStatsOptions,
  type SolutionTally,
} from "../data/label-stats";
import { UsageError } from "./validate-command";

/** What `inspect --json` prints: the file's statistics (lines 1-based). */
export interface InspectReport extends LabelStats {
  file: string;
}

/** Statistics of one result file; a missing file or a folder is a usage error. */
export async function inspectFile(
  file: string,
  options: LabelStatsOptions = {},
): Promise<InspectReport> {
  const info = await stat(file).catch(() => null);
  if (!info) throw new UsageError(`no such file: ${file}`);
  if (!info.isFile()) throw new UsageError(`not a file: ${file}`);
  return { file, ...(await labelStats(file, options)) };
}

/** The readable summary `inspect` prints without --json. */
export function formatInspect(r: InspectReport): string {
  const out = [
    r.file,
    `  ${plural(r.records, "record")} in ${plural(r.lines, "line")} (${r.blank} blank), ${r.bytes} bytes${r.bom ? ", UTF-8 BOM" : ""}`,
    `  kinds: ${
      Object.entries(r.kinds)
        .filter(([, n]) => n > 0)
        .map(([kind, n]) => `${n} ${kind}`)
        .join(", ") || "none"
    }`,
    `  error rows: ${r.errors}`,
    `  solutions: ${r.solutions.total} (${r.solutions.correct} correct, ${r.solutions.incorrect} incorrect, ${r.solutions.unlabeled} unlabeled)`,
  ];
  const agents = Object.entries(r.byAgent).filter(([, t]) => t.correct + t.incorrect > 0);
  if (agents.length) {
    out.push("  accuracy by agent:");
    const width = Math.max(...agents.map(([name]) => name.length));
    for (const [name, t] of agents) out.push(`    ${name.padEnd(width)}  ${accuracy(t)}`);
  }
  out.push(`  malformed lines: ${r.malformedCount}`);
  for (const m of r.malformed) out.push(`    line ${m.line}: ${m.message}`);
  if (r.malformedCount > r.malformed.length)
    out.push(`    ... ${r.malformedCount - r.malformed.length} more`);
  if (r.invalidUtf8Count)
    out.push(
      `  invalid UTF-8 on ${plural(r.invalidUtf8Count, "line")}: ${r.invalidUtf8.join(", ")}`,
    );
  if (r.pendingBytes)
    out.push(
      `  ${r.pendingBytes} bytes after the last newline: a line still being written, not counted`,
    );
  return `${out.join("\n")}\n`;
}

function accuracy(t: SolutionTally): string {
  const judged = t.correct + t.incorrect;
  return `${t.correct}/${judged} correct (${((100 * t.correct) / judged).toFixed(1)}%)`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
