import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Writes `content` to a fresh file in a fresh temp folder and returns its path. */
export function tmpFile(content: string | Buffer, name = "results_infer.jsonl"): string {
  const file = join(mkdtempSync(join(tmpdir(), "aas-data-")), name);
  writeFileSync(file, content);
  return file;
}
