import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { repoPaths } from "./repo-paths";

/** Writes a realistic AgentArk results file of about `bytes` with the bench's generator. */
export function generateResults(out: string, kind: "labeled" | "infer", bytes: number): void {
  const gen = spawnSync(
    process.execPath,
    [
      join(repoPaths.root, "bench/jsonl/generate-results.mjs"),
      ...["--out", out, "--kind", kind, "--size", String(bytes)],
    ],
    { encoding: "utf8" },
  );
  if (gen.status !== 0) throw new Error(`generator failed: ${gen.stderr || gen.error?.message}`);
}
