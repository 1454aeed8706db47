import { join } from "node:path";
import * as esbuild from "esbuild";

/** Builds the Stats view's worker entry into `dir` as esbuild.mjs builds dist/stats-worker.js. */
export async function buildStatsWorker(dir: string): Promise<string> {
  const outfile = join(dir, "stats-worker.js");
  await esbuild.build({
    entryPoints: [join(__dirname, "../../extension/src/curation-editor/stats-worker.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    logLevel: "warning",
  });
  return outfile;
}
