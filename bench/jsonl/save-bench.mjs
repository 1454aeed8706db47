#!/usr/bin/env node
// Save benchmark for the curation document: on a large labeled results file, time saving one
// edit near the end (CurationDocument.save: temp file beside the target, untouched bytes copied
// from the original, fsync, rename) against `cp` of the same file.
//
//   node bench/jsonl/save-bench.mjs [--size 1024 (MB)] [--runs 5] [--position end|start] [--regenerate]
//
// The file is generated once and cached under /tmp/agentark-bench/ (bench/jsonl/generate-results.mjs
// when it is there, labeled kind; a small built-in generator otherwise). Each run copies the cache
// to a work file (untimed), indexes it (untimed), applies one set-correct edit 5 lines from the end
// and times save(); the baseline is `cp` of the work file to a second file, then the same `cp`
// followed by `sync <file>` for a like-for-like durable copy (save fsyncs; cp does not). Medians
// of --runs, in alternating order.
// Target: save <= 1.5 x cp. Prints figure, baseline, ratio, PASS/FAIL; writes bench/out/jsonl-save.json.
// It reports, it does not gate: exit 0 when it measured, 1 when it could not.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import * as esbuild from "esbuild";

const ROOT = path.resolve(import.meta.dirname, "../..");
const OUT = path.join(ROOT, "bench/out");
const CACHE = "/tmp/agentark-bench";
const arg = (name, dflt) => {
  const i = process.argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return dflt;
  const hit = process.argv[i];
  return hit.includes("=") ? hit.slice(hit.indexOf("=") + 1) : (process.argv[i + 1] ?? true);
};
const SIZE_MB = Number(arg("size", 1024));
const RUNS = Number(arg("runs", 5));
const TARGET = 1.5;
/** `end` (the target scenario) or `start`: the edit 5 lines from the end or from the start. */
const POSITION = arg("position", "end");

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

/** Python-style labeled rows (label.py: json.dumps, ensure_ascii=False), used without the shared generator. */
function fallbackGenerate(file, bytes) {
  const fd = fs.openSync(`${file}.tmp`, "w");
  let written = 0;
  let n = 0;
  let chunk = [];
  let chunkBytes = 0;
  while (written + chunkBytes < bytes) {
    const correct = [0, 1, 2, 3, 4, 5].map((k) => (n * 7 + k * 3) % 5 !== 0);
    const solutions = correct.map((c, k) => ({
      id: k + 1,
      text: `Agent ${k + 1}: Sofía packs ${n} jars into boxes of 12.\n\n${"We divide and check the remainder. ".repeat(40)}\n\nSo the answer is \\boxed{${c ? n % 97 : n % 89}}`,
      is_correct: c,
    }));
    const row = {
      query: `Problem ${n}: Sofía has ${n * 12 + 5} jars…`,
      gt: String(n % 97),
      solutions,
      labels: correct,
      tag: null,
      source: "MATH",
    };
    const line = `${JSON.stringify(row).replace(/","/g, '", "').replace(/":/g, '": ')}\n`;
    chunk.push(line);
    chunkBytes += Buffer.byteLength(line);
    n++;
    if (chunkBytes > 8 << 20) {
      fs.writeSync(fd, chunk.join(""));
      written += chunkBytes;
      chunk = [];
      chunkBytes = 0;
    }
  }
  fs.writeSync(fd, chunk.join(""));
  fs.closeSync(fd);
  fs.renameSync(`${file}.tmp`, file);
}

async function cachedInput() {
  fs.mkdirSync(CACHE, { recursive: true });
  const file = path.join(CACHE, `labeled-${SIZE_MB}MB.jsonl`);
  if (fs.existsSync(file) && !arg("regenerate", false)) return { file, generator: "cached" };
  const bytes = SIZE_MB * 1024 * 1024;
  const shared = path.join(ROOT, "bench/jsonl/generate-results.mjs");
  if (fs.existsSync(shared)) {
    const gen = await import(pathToFileURL(shared).href);
    gen.writeFile(file, { kind: "labeled", bytes, seed: 1 });
    return { file, generator: "bench/jsonl/generate-results.mjs (labeled)" };
  }
  fallbackGenerate(file, bytes);
  return { file, generator: "save-bench built-in" };
}

/** Line start offsets of a file, by one streaming pass (the data core's index does the same). */
function indexLines(file) {
  const fd = fs.openSync(file, "r");
  const buf = Buffer.allocUnsafe(8 << 20);
  let offsets = new Float64Array(1 << 16);
  let count = 1;
  let pos = 0;
  for (;;) {
    const n = fs.readSync(fd, buf, 0, buf.length, pos);
    if (n === 0) break;
    let i = buf.indexOf(0x0a, 0);
    while (i >= 0 && i < n) {
      if (count === offsets.length) {
        const grown = new Float64Array(offsets.length * 2);
        grown.set(offsets);
        offsets = grown;
      }
      offsets[count++] = pos + i + 1;
      i = buf.indexOf(0x0a, i + 1);
    }
    pos += n;
  }
  fs.closeSync(fd);
  if (offsets[count - 1] !== pos) offsets[count++] = pos;
  return offsets.subarray(0, count);
}

async function loadDocumentModule() {
  fs.mkdirSync(OUT, { recursive: true });
  const outfile = path.join(OUT, ".save-bench-curation.mjs");
  await esbuild.build({
    stdin: {
      contents:
        'export { CurationDocument } from "./extension/src/curation/curation-document";\n' +
        'export { OffsetLineRanges } from "./extension/src/curation/line-ranges";\n',
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
  return import(`${pathToFileURL(outfile).href}?t=${Date.now()}`);
}

function sha256(file) {
  const h = createHash("sha256");
  const fd = fs.openSync(file, "r");
  const buf = Buffer.allocUnsafe(8 << 20);
  let pos = 0;
  for (let n; (n = fs.readSync(fd, buf, 0, buf.length, pos)) > 0; pos += n)
    h.update(buf.subarray(0, n));
  fs.closeSync(fd);
  return h.digest("hex");
}

function timedCp(src, dst, sync) {
  fs.rmSync(dst, { force: true });
  spawnSync("sync");
  const t0 = process.hrtime.bigint();
  const cp = spawnSync("cp", [src, dst]);
  if (cp.status !== 0) throw new Error(`cp failed: ${cp.stderr}`);
  if (sync) {
    const s = spawnSync("sync", [dst]);
    if (s.status !== 0) throw new Error(`sync failed: ${s.stderr}`);
  }
  return ms(t0);
}

async function main() {
  const { CurationDocument, OffsetLineRanges } = await loadDocumentModule();
  const { file: cached, generator } = await cachedInput();
  const size = fs.statSync(cached).size;
  const work = path.join(OUT, "jsonl-save-work.jsonl");
  const copy = path.join(OUT, "jsonl-save-cp.jsonl");
  const saves = [];
  const cps = [];
  const cpSyncs = [];
  let lineCount = 0;
  const originalHash = sha256(cached);
  let verified = true;
  try {
    for (let run = 0; run < RUNS; run++) {
      fs.copyFileSync(cached, work);
      const offsets = indexLines(work);
      const lines = new OffsetLineRanges(offsets);
      lineCount = lines.count;
      const doc = await CurationDocument.open({ path: work, lines });
      const line = POSITION === "start" ? 5 : lines.count - 5;
      const row = JSON.parse((await doc.readLine(line)).toString("utf8"));
      const target = row.solutions[1];
      const edit = { type: "set-correct", line, solutionId: target.id, value: !row.labels[1] };
      const { inverse } = await doc.applyEdit(edit, { author: "bench", source: "human" });
      // Every timed operation starts with no dirty pages anywhere (global sync, untimed), so none
      // pays for another's writeback; the order alternates between runs because on this kind of
      // VM the first big copy after a file is written is often the slow one.
      const timeSave = async () => {
        // Same starting state as a timed cp: the previous copy deleted, everything synced.
        fs.rmSync(copy, { force: true });
        spawnSync("sync");
        const t0 = process.hrtime.bigint();
        const result = await doc.save();
        saves.push(ms(t0));
        if (result.kind !== "saved") throw new Error(`save returned ${JSON.stringify(result)}`);
      };
      const timeCps = () => {
        cps.push(timedCp(work, copy, false));
        cpSyncs.push(timedCp(work, copy, true));
      };
      // Warm-up (untimed): on this kind of VM the first big copy of a freshly written file is
      // often several times slower than the next ones, whoever makes it.
      timedCp(work, copy, true);
      if (run % 2 === 0) {
        await timeSave();
        timeCps();
      } else {
        timeCps();
        await timeSave();
      }
      // Undo and save again (untimed): the work file must be byte-identical to the input.
      await doc.applyEdit(inverse, { author: "bench", source: "human" });
      await doc.save();
      if (run === 0) verified = sha256(work) === originalHash;
      fs.rmSync(`${work}.audit.jsonl`, { force: true });
    }
  } finally {
    for (const f of [work, copy, `${work}.audit.jsonl`]) fs.rmSync(f, { force: true });
  }
  const figure = median(saves);
  const baseline = median(cps);
  const durableBaseline = median(cpSyncs);
  const ratio = figure / baseline;
  const pass = ratio <= TARGET && verified;
  const report = {
    bench: "jsonl-save",
    when: new Date().toISOString(),
    file: { path: cached, bytes: size, lines: lineCount, generator },
    edit: `set-correct, 5 lines from the ${POSITION}`,
    runs: RUNS,
    figureMs: Math.round(figure),
    baselineMs: Math.round(baseline),
    ratio: Number(ratio.toFixed(3)),
    target: `<= ${TARGET} x cp`,
    pass,
    durableBaselineMs: Math.round(durableBaseline),
    ratioVsDurableCp: Number((figure / durableBaseline).toFixed(3)),
    undoRestoresBytes: verified,
    samplesMs: {
      save: saves.map(Math.round),
      cp: cps.map(Math.round),
      cpSync: cpSyncs.map(Math.round),
    },
    note: "save includes fsync of the file and its directory; `cp` does not sync, `cp + sync` does",
  };
  const outName = POSITION === "end" ? "jsonl-save.json" : `jsonl-save-${POSITION}.json`;
  fs.writeFileSync(path.join(OUT, outName), `${JSON.stringify(report, null, 2)}\n`);
  console.log(
    `save one edit near the ${POSITION} of ${(size / 2 ** 20).toFixed(0)} MiB (${lineCount} lines): ${report.figureMs} ms\n` +
      `baseline cp: ${report.baselineMs} ms (cp + sync: ${report.durableBaselineMs} ms)\n` +
      `ratio: ${report.ratio} x cp (${report.ratioVsDurableCp} x cp+sync), target <= ${TARGET}; undo restores bytes: ${verified}\n` +
      `${pass ? "PASS" : "FAIL"}  -> bench/out/${outName}`,
  );
}

main().catch((err) => {
  console.error(`save-bench: ${err?.stack ?? err}`);
  process.exitCode = 1;
});
