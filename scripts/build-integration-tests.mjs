// Bundles the extension-host suite (test/integration/*.test.ts + runner) into out/integration/,
// a folder that code-server loads as an extension development path (see test/e2e/ and
// test/integration/runner/). Each test file is its own bundle so mocha can load them one by one;
// `vscode` comes from the extension host and `mocha` from node_modules.
import * as esbuild from "esbuild";
import { copyFile, mkdir, readdir, rm } from "node:fs/promises";
import * as path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const src = path.join(root, "test/integration");
export const outDir = path.join(root, "out/integration");

export async function buildIntegrationTests() {
  const tests = (await readdir(src)).filter((f) => f.endsWith(".test.ts"));
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  await esbuild.build({
    entryPoints: [
      { in: path.join(src, "runner/index.ts"), out: "index" },
      ...tests.map((f) => ({ in: path.join(src, f), out: f.replace(/\.ts$/, "") })),
    ],
    outdir: outDir,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    sourcemap: "inline",
    external: ["vscode", "mocha"],
    logLevel: "warning",
  });
  await copyFile(path.join(src, "runner/package.json"), path.join(outDir, "package.json"));
  return outDir;
}

if (import.meta.url === `file://${process.argv[1]}`) await buildIntegrationTests();
