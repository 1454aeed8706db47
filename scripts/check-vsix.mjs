// The .vsix must hold exactly the allowlisted files (.vscodeignore), and its bundles stay small.
import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";

const listed = spawnSync("npx", ["vsce", "ls", "--no-dependencies"], { encoding: "utf8" });
if (listed.status !== 0) {
  console.error(listed.stderr);
  process.exit(1);
}
const files = listed.stdout
  .split("\n")
  .map((l) => l.trim())
  .filter(Boolean);
const allowed = [
  /^dist\/extension\.js$/,
  /^dist\/server\.js$/,
  /^dist\/language-client\.js$/,
  /^dist\/runs\.js$/,
  /^dist\/stats-worker\.js$/,
  // Uploaded to a host for `prm-score` runs (extension/src/runs/kinds/prm-score-upload.ts).
  /^extension\/python\/prm_score\.py$/,
  /^dist\/webview\//,
  /^media\//,
  /^schemas\/generated\//,
  /^package\.json$/,
  /^README\.md$/,
  /^CHANGELOG\.md$/,
  /^LICENSE$/,
];
const unexpected = files.filter((f) => !allowed.some((re) => re.test(f)));
const required = [
  "dist/extension.js",
  "dist/language-client.js",
  "dist/runs.js",
  "dist/stats-worker.js",
  "dist/server.js",
  "extension/python/prm_score.py",
  "package.json",
  "README.md",
  "schemas/generated/catalog.json",
];
const missing = required.filter((f) => !files.includes(f));
const size = statSync("dist/extension.js").size;
console.log(`${files.length} files in the vsix; dist/extension.js ${(size / 1024).toFixed(0)} KB`);
if (unexpected.length) console.error(`not allowlisted: ${unexpected.join(", ")}`);
if (missing.length) console.error(`missing: ${missing.join(", ")}`);
if (size >= 1024 * 1024) console.error("dist/extension.js is 1 MB or more");
process.exit(unexpected.length || missing.length || size >= 1024 * 1024 ? 1 : 0);
