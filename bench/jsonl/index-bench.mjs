#!/usr/bin/env node
// JSONL data-core benchmark, baselines in the same run, on one generated file of realistic
// AgentArk rows (bench/jsonl/generate-results.mjs: debate inference rows in both forms, labeled
// rows, native trajectories, error rows), generated once into a cache and reused.
//
//   npm run bench:jsonl                     (1 GiB)
//   node bench/jsonl/index-bench.mjs [--size 256MiB] [--cache /tmp/agentark-studio-bench]
//                                    [--runs 3]
//
// Figures (best of --runs, page cache warm: every tool reads the same cached file):
//   1. index throughput: LineIndex.build() vs `wc -l`              target >= 0.5x wc's
//   2. first record ready to show: LineIndex.open() -> first line indexed -> readLine(0) ->
//      parseRecord, on a cold module (a fresh process)             target <= 150 ms
//   3. index memory: heap + external growth across build(), and the offsets alone
//                                                                  target <= 16 B/record + 50 MB
//   4. label statistics: as the curation editor's Stats view counts them (fileLabelStats: this
//      thread + worker threads loading the dist/stats-worker.js entry, one per core up to
//      4) vs a Python loop of json.loads per line (wall time; the one-thread fallback also shown)
//                                                                  target >= 2x faster
//   5. the Stats view's full figures (every record parsed in full: steps, PRM scores, answer
//      changes), as the editor computes them on worker threads (fileRecordStats) and as one
//      thread would (recordStatsOfRange), vs the same Python loop    no target: reported
//   6. the record list's filter ("mixed verdicts") as the editor runs it (this thread's share and
//      worker threads, parallelFilter) vs one thread (matchingLinesOfRange)  no target: reported
// Writes bench/out/jsonl-index.json. Reports, does not gate: exit 0 even when a target fails.

import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as esbuild from "esbuild";
import { GENERATOR_VERSION, parseSize, writeFile } from "./generate-results.mjs";

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const OUT = path.join(ROOT, "bench", "out");
const arg = (name, fallback) => {
  const i = process.argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return fallback;
  const a = process.argv[i];
  return a.includes("=") ? a.slice(a.indexOf("=") + 1) : process.argv[i + 1];
};
const size = parseSize(arg("size", "1GiB"));
const runs = Number(arg("runs", "3"));
const cache = arg("cache", path.join(os.tmpdir(), "agentark-studio-bench"));
// Rows near 12 KB: Qwen3 debate answers with a few hundred tokens of <think> each.
const SCALE = 3;

const MB = 1 << 20;
const fmt = (n, d = 1) => n.toFixed(d);

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const file = await cachedFile();
  const records = Number(
    execFileSync("wc", ["-l", file], { encoding: "utf8" }).trim().split(/\s+/)[0],
  );
  const lib = await bundle();
  const {
    LineIndex,
    fileLabelStats,
    fileRecordStats,
    recordStatsOfRange,
    matchingLinesOfRange,
    parallelFilter,
    workerThreads,
    EMPTY_FILTER,
  } = await import(pathToFileURL(lib).href);

  // 1. Index throughput vs wc -l.
  const wc = best(runs, () => time(() => execFileSync("wc", ["-l", file])));
  let index = null;
  const build = await bestAsync(runs, async () => {
    index?.close();
    const t = performance.now();
    index = await LineIndex.open(file);
    await index.build();
    return performance.now() - t;
  });
  if (index.lineCount !== records)
    throw new Error(`index has ${index.lineCount} lines, wc ${records}`);
  await index.close();

  // 2. First record ready, in a fresh process (cold modules, as when the editor opens a file);
  // the baseline is the same on a file of one row: "whatever the file's size" is their ratio.
  const first = bestOf(runs, () => firstRecord(lib, file));
  const oneRow = path.join(cache, "one-row.jsonl");
  writeFile(oneRow, { kind: "mixed", rows: 1, seed: 1, scale: SCALE });
  const firstOfOne = bestOf(runs, () => firstRecord(lib, oneRow));

  // 3. Memory of the index.
  const memory = JSON.parse(
    execFileSync(
      process.execPath,
      ["--expose-gc", "--input-type=module", "-e", memoryProbe(lib, file)],
      {
        encoding: "utf8",
      },
    ),
  );

  // 4. Label statistics vs Python.
  const python = best(Math.min(runs, 2), () => pythonLoop(file));
  // As the curation editor's Stats view runs it: fileLabelStats, this thread and worker threads
  // (one per core, up to 4) that load the same entry as dist/stats-worker.js; the
  // single-thread figure is its fallback when the workers cannot start.
  const worker = await workerBundle();
  let stats = null;
  let threads = 0;
  const ours = await bestAsync(Math.min(runs, 2), async () => {
    const t = performance.now();
    const result = await fileLabelStats(file, worker);
    if (result.fallback) throw new Error(`the worker threads failed: ${result.fallback}`);
    stats = result.stats;
    threads = result.threads;
    return performance.now() - t;
  });
  let single = null;
  const oneThread = await bestAsync(Math.min(runs, 2), async () => {
    const t = performance.now();
    single = (await fileLabelStats(file, undefined)).stats;
    return performance.now() - t;
  });
  if (JSON.stringify(single) !== JSON.stringify(stats))
    throw new Error("label statistics on one thread and on several disagree");
  if (stats.records !== python.records)
    throw new Error(`labelStats counted ${stats.records} records, python ${python.records}`);

  // 5. The Stats view's full figures, on worker threads and on one thread (once each: slow).
  const lineIndex = await LineIndex.open(file);
  await lineIndex.build();
  const lines = { count: lineIndex.lineCount, span: (i) => lineIndex.span(i) };
  const job = {
    path: file,
    start: 0,
    end: fs.statSync(file).size,
    firstLine: 0,
    separator: "\n\n",
    stepScores: null,
    filter: EMPTY_FILTER,
    prmThreshold: 0,
    reviewed: [],
    skipLines: [],
  };
  let t = performance.now();
  const full = await fileRecordStats(job, lines, worker);
  const fullMs = performance.now() - t;
  t = performance.now();
  const fullSingle = await recordStatsOfRange(job);
  const fullSingleMs = performance.now() - t;
  if (JSON.stringify(full.stats) !== JSON.stringify(fullSingle))
    throw new Error("the Stats view's figures on one thread and on several disagree");
  if (full.stats.records !== records)
    throw new Error(`the Stats view counted ${full.stats.records} records, wc ${records}`);

  // 6. The record list's filter (mixed verdicts) as the editor runs it on a large saved file:
  // this thread matches the first share while worker threads match the rest; against one thread.
  const filterJob = { ...job, filter: { ...EMPTY_FILTER, verdict: "mixed" } };
  t = performance.now();
  const parallel = parallelFilter(filterJob, lines, workerThreads(), worker);
  let filtered;
  if (parallel) {
    const head = await matchingLinesOfRange({
      ...filterJob,
      end: lineIndex.span(parallel.from - 1).end + 1,
    });
    filtered = [...head, ...(await parallel.matches).lines];
  } else filtered = await matchingLinesOfRange(filterJob);
  const filterMs = performance.now() - t;
  t = performance.now();
  const filteredSingle = await matchingLinesOfRange(filterJob);
  const filterSingleMs = performance.now() - t;
  await lineIndex.close();
  if (JSON.stringify(filtered) !== JSON.stringify(filteredSingle))
    throw new Error("the filter on one thread and on several disagree");

  const budget = 16 * records + 50 * MB;
  const rows = [
    {
      name: "index throughput (MB/s)",
      ours: size / MB / (build / 1000),
      baseline: size / MB / (wc / 1000),
      ratio: wc / build,
      target: ">= 0.5x wc -l",
      pass: wc / build >= 0.5,
      detail: `build ${fmt(build)} ms, wc -l ${fmt(wc)} ms`,
    },
    {
      name: "first record ready (ms)",
      ours: first,
      baseline: firstOfOne,
      ratio: first / firstOfOne,
      target: "<= 150 ms",
      pass: first <= 150,
      detail:
        "open -> first line indexed -> readLine(0) -> parseRecord, fresh process; baseline: the same on a one-row file",
    },
    {
      name: "index memory (MB)",
      ours: memory.grown / MB,
      baseline: memory.array / MB,
      ratio: memory.grown / memory.array,
      target: `<= 16 B/record + 50 MB = ${fmt(budget / MB)} MB`,
      pass: memory.grown <= budget,
      detail: `offsets ${fmt(memory.offsets / MB, 2)} MB = ${fmt(memory.offsets / records, 1)} B/record; heap+external growth ${fmt(memory.grown / MB)} MB; baseline: a JS array of the line starts`,
    },
    {
      name: "label statistics (ms)",
      ours,
      baseline: python.ms,
      ratio: python.ms / ours,
      target: ">= 2x faster than python json.loads loop",
      pass: python.ms / ours >= 2,
      detail: `curation editor path (fileLabelStats), ${threads} threads, ${fmt((size / MB / ours) * 1000)} MB/s vs ${fmt((size / MB / python.ms) * 1000)} MB/s; one thread ${fmt(oneThread)} ms = ${fmt(python.ms / oneThread, 2)}x`,
    },
    {
      name: "full stats view (ms)",
      ours: fullMs,
      baseline: python.ms,
      ratio: python.ms / fullMs,
      target: "reported, no target",
      info: true,
      detail: `fileRecordStats, ${full.threads} worker threads; the same work on one thread ${fmt(fullSingleMs)} ms = ${fmt(python.ms / fullSingleMs, 2)}x`,
    },
    {
      name: "filter the list (ms)",
      ours: filterMs,
      baseline: filterSingleMs,
      ratio: filterSingleMs / filterMs,
      target: "reported, no target",
      info: true,
      detail: `"mixed verdicts", ${filtered.length} matches; this thread's share and ${workerThreads() - 1} worker thread(s) (parallelFilter) vs one thread (baseline)`,
    },
  ];
  console.log(
    `file: ${file} (${fmt(size / MB, 0)} MiB, ${records} records), best of ${runs}, ${os.cpus().length} cores, load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  for (const r of rows)
    console.log(
      `${r.info ? "INFO" : r.pass ? "PASS" : "FAIL"}  ${r.name.padEnd(26)} ours ${fmt(r.ours).padStart(9)}  baseline ${fmt(r.baseline).padStart(9)}  ratio ${fmt(r.ratio, 2).padStart(5)}  (${r.target}; ${r.detail})`,
    );
  console.log(
    `label stats: ${JSON.stringify({ kinds: stats.kinds, solutions: stats.solutions, malformed: stats.malformedCount, errors: stats.errors })}`,
  );
  fs.writeFileSync(
    path.join(OUT, "jsonl-index.json"),
    JSON.stringify(
      {
        file,
        bytes: size,
        records,
        runs,
        loadavg: os.loadavg(),
        rows,
        stats: { kinds: stats.kinds, solutions: stats.solutions },
      },
      null,
      2,
    ) + "\n",
  );
  console.log(`wrote ${path.relative(ROOT, path.join(OUT, "jsonl-index.json"))}`);
}

async function cachedFile() {
  fs.mkdirSync(cache, { recursive: true });
  const file = path.join(cache, `results-mixed-${size}-v${GENERATOR_VERSION}.jsonl`);
  if (!fs.existsSync(file)) {
    const t = performance.now();
    console.log(`generating ${file} ...`);
    writeFile(file, { kind: "mixed", bytes: size, seed: 1, scale: SCALE });
    console.log(`generated in ${fmt((performance.now() - t) / 1000)} s`);
  }
  return file;
}

/** The data core as one ESM file, bundled from the TypeScript sources. */
async function bundle() {
  const outfile = path.join(OUT, "jsonl-data.mjs");
  await esbuild.build({
    stdin: {
      contents: [
        'export { LineIndex } from "./extension/src/data/line-index";',
        'export { fileLabelStats, workerThreads } from "./extension/src/curation-editor/file-label-stats";',
        'export { fileRecordStats } from "./extension/src/curation-editor/file-record-stats";',
        'export { recordStatsOfRange, matchingLinesOfRange } from "./extension/src/curation-editor/record-range";',
        'export { parallelFilter } from "./extension/src/curation-editor/record-range-parallel";',
        'export { EMPTY_FILTER } from "./schemas/src/webview-protocol";',
        'export { parseRecord } from "./extension/src/data/parse-record";',
      ].join("\n"),
      resolveDir: ROOT,
      loader: "ts",
    },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile,
    logLevel: "warning",
  });
  return outfile;
}

/** The worker entry the extension ships (dist/stats-worker.js), built as esbuild.mjs does. */
async function workerBundle() {
  const outfile = path.join(OUT, "stats-worker.js");
  await esbuild.build({
    entryPoints: [path.join(ROOT, "extension/src/curation-editor/stats-worker.ts")],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    outfile,
    logLevel: "warning",
  });
  return outfile;
}

function firstRecord(lib, file) {
  const script = `
    const t = performance.now();
    const { LineIndex, parseRecord } = await import(${JSON.stringify(pathToFileURL(lib).href)});
    const index = await LineIndex.open(${JSON.stringify(file)});
    const controller = new AbortController();
    const shown = new Promise((resolve) => {
      index.build({ signal: controller.signal, onProgress: (p) => {
        if (p.lines > 0 && !controller.signal.aborted) {
          controller.abort();
          index.readLine(0).then((text) => resolve(parseRecord(0, text)));
        }
      } }).catch(() => {});
    });
    const view = await shown;
    if (view.malformed) throw new Error(view.malformed);
    process.stdout.write(String(performance.now() - t));
    await index.close();`;
  return Number(
    execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }),
  );
}

// \`external\` already includes \`arrayBuffers\` (Node's process.memoryUsage docs): adding both would
// count the index's offset buffers twice.
function memoryProbe(lib, file) {
  return `
    const { LineIndex } = await import(${JSON.stringify(pathToFileURL(lib).href)});
    const used = () => { gc(); gc(); const m = process.memoryUsage(); return m.heapUsed + m.external; };
    const before = used();
    const index = await LineIndex.open(${JSON.stringify(file)});
    await index.build();
    const grown = used() - before;
    // The baseline: the line starts in a plain array, as a first index would keep them.
    const beforeArray = used();
    const starts = [];
    for (let i = 0; i < index.lineCount; i++) starts.push(index.span(i).start);
    const array = used() - beforeArray;
    if (starts.length !== index.lineCount) throw new Error("array of starts");
    process.stdout.write(JSON.stringify({ grown, array, offsets: index.memoryBytes, lines: index.lineCount }));
    await index.close();`;
}

function pythonLoop(file) {
  const code = [
    "import json, sys, time",
    "t = time.perf_counter(); n = 0",
    "with open(sys.argv[1], 'rb') as f:",
    "    for line in f:",
    "        json.loads(line); n += 1",
    "print(n, (time.perf_counter() - t) * 1000)",
  ].join("\n");
  const r = spawnSync("python3", ["-c", code, file], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  const [records, ms] = r.stdout.trim().split(" ").map(Number);
  return { records, ms };
}

function time(fn) {
  const t = performance.now();
  fn();
  return performance.now() - t;
}
function best(n, fn) {
  const results = Array.from({ length: n }, fn);
  return typeof results[0] === "number"
    ? Math.min(...results)
    : results.sort((a, b) => a.ms - b.ms)[0];
}
const bestOf = (n, fn) => Math.min(...Array.from({ length: n }, fn));
async function bestAsync(n, fn) {
  let min = Infinity;
  for (let i = 0; i < n; i++) min = Math.min(min, await fn());
  return min;
}

await main();
