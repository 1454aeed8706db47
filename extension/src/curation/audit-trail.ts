// The append-only audit trail beside a result file (`<file>.audit.jsonl`).
// Entries are written when the edits are saved, not when they are made: the trail then describes
// exactly what reached the file (an edit undone before saving never happened as far as the data
// is concerned), and a crash before saving leaves no entries about bytes that were never written.
// Each save appends the net edits in the order they were made, in one write.
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { createInterface } from "node:readline";
import { AUDIT_SUFFIX, AuditEntry } from "../../../schemas/src/records";

/** Who made an edit and why (AuditEntry without the edit itself). */
export interface EditProvenance {
  author: string;
  source: "human" | "judge";
  /** The judge model, when `source` is `judge`. */
  model?: string;
  reason?: string;
}

/** `results/x_infer.jsonl` → `results/x_infer.audit.jsonl`, named like the step-score sidecar. */
export function auditPathFor(resultsPath: string): string {
  return resultsPath.replace(/\.jsonl$/, "") + AUDIT_SUFFIX;
}

export class AuditTrail {
  readonly path: string;

  constructor(resultsPath: string) {
    this.path = auditPathFor(resultsPath);
  }

  /** Appends entries and fsyncs; a torn last line left by a crash is closed off first. */
  async append(entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const fh = await open(this.path, "a+");
    try {
      const { size } = await fh.stat();
      let prefix = "";
      if (size > 0) {
        const last = Buffer.alloc(1);
        await fh.read(last, 0, 1, size - 1);
        if (last[0] !== 0x0a) prefix = "\n";
      }
      const text = prefix + entries.map((e) => `${JSON.stringify(e)}\n`).join("");
      await fh.appendFile(text, "utf8");
      await fh.sync();
    } finally {
      await fh.close();
    }
  }

  /** Every readable entry; torn or foreign lines are skipped. */
  async *entries(): AsyncGenerator<AuditEntry> {
    let stream;
    try {
      stream = createReadStream(this.path, { encoding: "utf8" });
      for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
        const entry = parseEntry(line);
        if (entry) yield entry;
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    } finally {
      stream?.destroy();
    }
  }

  async all(): Promise<AuditEntry[]> {
    const out: AuditEntry[] = [];
    for await (const e of this.entries()) out.push(e);
    return out;
  }

  /**
   * The history of one record, joined by `query` as AgentArk joins rows, and by `line` when
   * given: a file may hold the same query more than once, each row with its own history.
   */
  async entriesFor(query: string, line?: number): Promise<AuditEntry[]> {
    const out: AuditEntry[] = [];
    for await (const e of this.entries())
      if (e.query === query && (line === undefined || e.line === line)) out.push(e);
    return out;
  }
}

function parseEntry(line: string): AuditEntry | undefined {
  if (!line.trim()) return undefined;
  try {
    const parsed = AuditEntry.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
