#!/usr/bin/env node
// `npm run bench:jsonl`: runs every bench/jsonl/*-bench.mjs in turn (index, save, render, ...),
// passing the command line through (e.g. `npm run bench:jsonl -- --size 256MiB`). Exit 1 when one
// of them fails to run; a missed target is printed by the bench itself and is not a failure here.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const dir = path.dirname(fileURLToPath(import.meta.url));
const benches = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith("-bench.mjs"))
  .sort();
const failed = [];
for (const bench of benches) {
  console.log(`\n=== ${bench} ===`);
  const result = spawnSync(process.execPath, [path.join(dir, bench), ...process.argv.slice(2)], {
    stdio: "inherit",
  });
  if (result.status !== 0) failed.push(`${bench} (exit ${result.status ?? result.signal})`);
}
console.log(
  `\n${benches.length - failed.length}/${benches.length} benches ran${failed.length ? `; failed: ${failed.join(", ")}` : ""}`,
);
process.exitCode = failed.length ? 1 : 0;
