#!/usr/bin/env node
// LSP benchmark: our language server (dist/server.js) against Red Hat's yaml-language-server, in one
// run, on the same documents, over stdio, driven by the vscode-jsonrpc node client.
//
//   npm run bench:lsp                 (builds first, then runs this file)
//   node bench/lsp-bench.mjs [--iters=30] [--warmup=5] [--no-info] [--timeout=300 (s)]
//                            [--yls-no-config-capability] [--yls-delay=sync|timer0] [--no-floor]
//
// Measures
//   1. diagnostics round trip: didOpen -> first publishDiagnostics for that URI (and, for our server,
//      that version); didChange (full text, one value toggled between a valid value and a wrong type)
//      -> the publishDiagnostics answering that change. Our server echoes `version`, so we match on it;
//      yaml-language-server sends no version, so we (a) wait for each publish before sending the next
//      message, and (b) alternate two texts whose diagnostics differ (the messages on the toggled line,
//      calibrated per server and document) and only accept the publish that fits the text just sent.
//      Documents: the 17 shipped configs, copied into <tmp>/ws/methods/<dir>/configs/<name>.yaml so the
//      catalog globs match, and a generated 2,000-line dylan config_main.yaml (<tmp>/ws-large/...).
//   2. completion latency at the start of an empty last line (a new key being typed), each shipped config,
//      as shipped (+ final newline) and with the toggled key's line removed (most shipped configs already
//      hold every schema key, so as shipped both servers mostly answer an empty list); the 2,000-line file
//      is informational.
//   3. size of dist/extension.js (plus, informational, a minified build of the same entry in <tmp>).
// The servers run in lockstep (each iteration on each, order alternating), one message at a time.
// Transport floor: a third server, bench/floor-server.cjs (vscode-languageserver, the library both real
// servers use, over the same stdio), answers every didOpen/didChange with an empty publishDiagnostics
// straight from the notification handler and every completion with []. It runs in the same lockstep
// loops on the same documents, so each measure also gets ours/floor, theirs/floor and floor/theirs: the
// last is the lowest ours/theirs ratio any server on this transport could reach. A fourth, the same
// with --parse, also parses each text with the `yaml` library as yaml-language-server does: the lowest
// ratio for any server that builds a `yaml` document. Ours reads flat configs (every shipped one, and
// the 2,000-line one) with its own fast path (language-server/src/service/parse-flat-config.ts) and
// builds a `yaml` document only for other shapes, so it can come in under that figure.
// --no-floor leaves both out. Also printed: the request floor (an unknown request answered with
// MethodNotFound) of ours, the floor server and yaml-language-server.
// Targets: ours diagnostics p50 <= 5 ms on shipped configs and <= 0.5x yaml-language-server's p50 (the
// ratio is also applied to the 2,000-line rows); ours completion p95 <= 10 ms; bundle < 1 MB (10^6 B).
//
// yaml-language-server setup
//   - Settings are PULLED: on `initialized` and on every `workspace/didChangeConfiguration` it ignores the
//     notification's payload and requests sections yaml/http/[yaml]/editor via `workspace/configuration`
//     (settingsHandlers.js doPullConfiguration), so the client declares workspace.configuration and answers
//     with the `yaml` section built from schemas/generated/catalog.json. We also send didChangeConfiguration
//     with the same settings, as VS Code would.
//   - schemaStore.enable=false: otherwise it downloads the JSON Schema Store catalog over the network.
//   - Validation debounce: yaml-language-server 1.25.0 has a hard-coded `validationDelayMs = 200`
//     (out/server/src/yamlSettings.js:46, used by setTimeout in languageserver/handlers/validationHandlers.js
//     validate(), for didOpen and didChange alike) and NO setting for it. We start it with
//     `--require bench/yls-zero-delay.cjs`, which sets it to 0 at construction and, by default
//     (--yls-delay=sync), validates at once without the timer, as our server does at validationDelay 0:
//     a setTimeout(fn, 0) alone costs >= 1 ms in Node (clamped to 1 ms). --yls-delay=timer0 keeps the
//     timer. The bench checks the preload's stderr marker. Unless --no-info, two informational runs
//     follow: the timer0 variant on the shipped configs (in lockstep with ours again), and the stock
//     server (200 ms) on one document.
//   - With workspace.configuration declared, every validation also asks the client for the `[yaml]` section
//     (validationHandlers.js resolveValidationState): one extra client round trip per validation, included
//     in its times (VS Code would pay it too). Our server asks nothing.
//
// It reports, it does not gate: exit 0 even when a target fails; exit 1 if a server crashes, never
// answers (per-message timeout), the sanity check cannot run, or the global timeout hits.

import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";

const require = createRequire(import.meta.url);
const {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} = require("vscode-jsonrpc/node");

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const arg = (name, dflt) => {
  const hit = process.argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (!hit) return dflt;
  return hit.includes("=") ? hit.slice(hit.indexOf("=") + 1) : true;
};
const ITERS = Number(arg("iters", process.env.LSP_BENCH_ITERS ?? 30));
const WARMUP = Number(arg("warmup", process.env.LSP_BENCH_WARMUP ?? 5));
const GLOBAL_TIMEOUT_MS = Number(arg("timeout", process.env.LSP_BENCH_TIMEOUT_S ?? 300)) * 1000;
const WAIT_MS = 15_000; // one message without an answer for this long = "never answers"
const RUN_INFO = !arg("no-info", false); // informational yaml-language-server variants (timer0, stock)
// --yls-no-config-capability: do not declare workspace.configuration to yaml-language-server. It still
// pulls its settings (and we answer), but skips the per-validation `[yaml]` request. Not what VS Code does.
const YLS_NO_CONFIG_CAP = Boolean(arg("yls-no-config-capability", false));
// --yls-delay=sync (default): validate at once, no timer, like ours at validationDelay 0;
// --yls-delay=timer0: keep yaml-language-server's setTimeout with 0 ms (Node clamps it to >= 1 ms).
const YLS_DELAY_MODE = arg("yls-delay", "sync") === "timer0" ? "timer0" : "sync";
// --no-floor: leave out the two floor servers (to see whether running them perturbs ours and theirs).
const WITH_FLOOR = !arg("no-floor", false);
const STOCK_ITERS = 10;
const LARGE_LINES = 2000;

const TARGETS = {
  diagP50Ms: 5, // ours, shipped configs
  diagRatio: 0.5, // ours p50 / yaml-language-server p50
  completionP95Ms: 10, // ours
  bundleBytes: 1_000_000, // dist/extension.js, "under 1 MB" read as 10^6 bytes
};

const SERVER_JS = path.resolve(ROOT, String(arg("server", "dist/server.js"))); // --server=<js> for testing
const YLS_PKG = path.join(ROOT, "node_modules/yaml-language-server/package.json");
const YLS_BIN = path.join(ROOT, "node_modules/yaml-language-server/bin/yaml-language-server");
const YLS_PRELOAD = path.join(ROOT, "bench/yls-zero-delay.cjs");
const FLOOR_SERVER = path.join(ROOT, "bench/floor-server.cjs");
const FIXTURES = path.join(ROOT, "test/fixtures/agentark/methods");
const CATALOG = path.join(ROOT, "schemas/generated/catalog.json");
const SCHEMA_DIR = path.join(ROOT, "schemas/generated");
const EXTENSION_JS = path.join(ROOT, "dist/extension.js");
const OUT_JSON = path.join(ROOT, "bench/out/lsp.json");

// ---------------------------------------------------------------------------------------------------
// process-level safety: everything we spawn is tracked and killed on the way out

class BenchError extends Error {}
const servers = [];
let tmpRoot;
let finished = false;

function cleanup() {
  for (const s of servers) s.kill();
  if (tmpRoot) fs.rmSync(tmpRoot, { recursive: true, force: true });
}
function fatal(message) {
  if (finished) return;
  finished = true;
  console.error(`\nFATAL: ${message}`);
  for (const s of servers) {
    const tail = s.stderr.slice(-1500).trim();
    if (tail) console.error(`--- ${s.name} stderr (tail) ---\n${tail}`);
    const logs = s.logs.slice(-10).join("\n");
    if (logs) console.error(`--- ${s.name} window/logMessage (last 10) ---\n${logs}`);
  }
  cleanup();
  process.exit(1);
}
const globalTimer = setTimeout(
  () => fatal(`global timeout (${GLOBAL_TIMEOUT_MS / 1000} s) reached`),
  GLOBAL_TIMEOUT_MS,
);
process.on("SIGINT", () => fatal("interrupted"));
process.on("SIGTERM", () => fatal("terminated"));
process.on("uncaughtException", (e) =>
  fatal(e instanceof BenchError ? e.message : (e?.stack ?? String(e))),
);
process.on("unhandledRejection", (e) =>
  fatal(e instanceof BenchError ? e.message : (e?.stack ?? String(e))),
);

// ---------------------------------------------------------------------------------------------------
// LSP client around one spawned server

class Server {
  constructor(name, args, { configuration, env } = {}) {
    this.name = name;
    this.stderr = "";
    this.logs = [];
    this.waiters = [];
    this.publishes = 0;
    this.stopping = false;
    this.configuration = configuration; // (item) => value, for workspace/configuration
    this.configPulls = 0;
    this.configPulled = new Promise((r) => (this.onConfigPulled = r));
    this.child = spawn(process.execPath, args, {
      cwd: ROOT,
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, ...env },
    });
    servers.push(this);
    this.child.stderr.setEncoding("utf8");
    this.child.stderr.on("data", (d) => (this.stderr += d));
    this.child.on("exit", (code, signal) => {
      if (!this.stopping) fatal(`${name} exited unexpectedly (code ${code}, signal ${signal})`);
    });
    this.child.on("error", (e) => fatal(`${name} could not be started: ${e.message}`));
    this.conn = createMessageConnection(
      new StreamMessageReader(this.child.stdout),
      new StreamMessageWriter(this.child.stdin),
    );
    this.conn.onNotification("textDocument/publishDiagnostics", (p) => this.onPublish(p));
    this.conn.onNotification("window/logMessage", (p) =>
      this.logs.push(`[${p.type}] ${p.message}`),
    );
    this.conn.onNotification(() => {}); // telemetry, progress, custom notifications
    this.conn.onRequest("workspace/configuration", (params) => {
      const answer = params.items.map((item) =>
        this.configuration ? this.configuration(item) : null,
      );
      if (params.items.some((i) => i.section === "yaml")) {
        this.configPulls++;
        // let the server apply it (it is processed after this response is written)
        setTimeout(() => this.onConfigPulled(), 0);
      }
      return answer;
    });
    this.conn.onRequest(() => null); // client/registerCapability, workDoneProgress/create, ...
    this.conn.onError(([e]) => {
      if (!this.stopping) fatal(`${name}: connection error: ${e?.message ?? e}`);
    });
    this.conn.onClose(() => {
      // give the child's 'exit' event (with its code) a moment to report first
      if (!this.stopping) setTimeout(() => fatal(`${name}: connection closed`), 200);
    });
    this.conn.listen();
  }

  onPublish(params) {
    const t = performance.now();
    this.publishes++;
    for (let i = 0; i < this.waiters.length; i++) {
      const w = this.waiters[i];
      if (w.uri === params.uri && w.pred(params)) {
        this.waiters.splice(i, 1);
        clearTimeout(w.timer);
        w.resolve({ t, params });
        return;
      }
    }
  }

  /** Registers interest BEFORE the triggering message is sent; resolves with the receive time. */
  waitPublish(uri, pred, what) {
    return new Promise((resolve, reject) => {
      const w = { uri, pred, resolve };
      w.timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        reject(
          new BenchError(
            `${this.name} never answered: no publishDiagnostics for ${what} within ${WAIT_MS / 1000} s`,
          ),
        );
      }, WAIT_MS);
      this.waiters.push(w);
    });
  }

  async request(method, params, what = method) {
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new BenchError(`${this.name} never answered ${what} within ${WAIT_MS / 1000} s`)),
        WAIT_MS,
      );
    });
    try {
      return await Promise.race([this.conn.sendRequest(method, params), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  notify(method, params) {
    void this.conn.sendNotification(method, params).catch((e) => {
      if (!this.stopping) fatal(`${this.name}: cannot send ${method}: ${e.message}`);
    });
  }

  async shutdown() {
    this.stopping = true;
    try {
      await Promise.race([
        this.conn.sendRequest("shutdown"),
        new Promise((r) => setTimeout(r, 2000)),
      ]);
      void this.conn.sendNotification("exit").catch(() => {});
    } catch {
      /* killed below anyway */
    }
    const exited = new Promise((r) =>
      this.child.exitCode !== null ? r() : this.child.once("exit", r),
    );
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    this.kill();
  }

  kill() {
    this.stopping = true;
    try {
      this.conn.dispose();
    } catch {
      /* ignore */
    }
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL");
  }
}

const CLIENT_CAPABILITIES = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeConfiguration: { dynamicRegistration: false },
  },
  textDocument: {
    synchronization: { dynamicRegistration: false, didSave: false, willSave: false },
    publishDiagnostics: { relatedInformation: true, versionSupport: true },
    completion: {
      completionItem: { snippetSupport: true, documentationFormat: ["markdown", "plaintext"] },
    },
    hover: { contentFormat: ["markdown", "plaintext"] },
  },
};

async function initialize(
  server,
  workspaceDirs,
  initializationOptions,
  capabilities = CLIENT_CAPABILITIES,
) {
  const folders = workspaceDirs.map((d) => ({
    uri: pathToFileURL(d).href,
    name: path.basename(d),
  }));
  const t0 = performance.now();
  const result = await server.request(
    "initialize",
    {
      processId: process.pid,
      clientInfo: { name: "agentark-lsp-bench" },
      rootUri: folders[0].uri,
      workspaceFolders: folders,
      capabilities,
      initializationOptions,
    },
    "initialize",
  );
  server.notify("initialized", {});
  server.initMs = performance.now() - t0;
  server.info = result?.serverInfo ?? {};
  return result;
}

// ---------------------------------------------------------------------------------------------------
// documents

function listShipped() {
  const docs = [];
  for (const dir of fs.readdirSync(FIXTURES).sort()) {
    const cdir = path.join(FIXTURES, dir, "configs");
    if (!fs.existsSync(cdir)) continue;
    for (const name of fs.readdirSync(cdir).sort()) {
      if (/\.ya?ml$/.test(name)) docs.push({ dir, name, src: path.join(cdir, name) });
    }
  }
  return docs;
}

/** A realistic dylan config_main.yaml of exactly `lines` lines: known keys, comments, a long roles list. */
function generateLargeDylan(lines) {
  const roles = [
    "Assistant",
    "Mathematician",
    "Economist",
    "Psychologist",
    "Lawyer",
    "Doctor",
    "Programmer",
    "Historian",
  ];
  const out = [
    `# DyLAN Method Configuration (generated by bench/lsp-bench.mjs: ${lines} lines)`,
    "",
    "# General settings",
    "random_seed: 0  # Random seed for reproducibility",
    "debug: false",
    "",
    "# Agent settings",
    "num_agents: 4",
    "num_rounds: 3               # DyLAN asserts num_rounds > 2",
    'activation: "listwise"      # listwise, trueskill, window, or none',
    'type: "open-ended"',
    "",
    "# Agent roles - at least num_agents entries; extra entries are ignored",
    "roles:",
  ];
  let block = 0;
  while (out.length < lines) {
    if ((out.length - 14) % 25 === 0)
      out.push(`  # --- role block ${++block}: rotate the eight DyLAN personas ---`);
    else out.push(`  - "${roles[out.length % roles.length]}"`);
  }
  return out.join("\n") + "\n";
}

function schemaFor(dir, name, catalog) {
  const rel = `methods/${dir}/configs/${name}`;
  for (const entry of catalog.schemas) {
    if (entry.fileMatch.some((g) => g.replace(/^\*\*\//, "") === rel))
      return path.join(SCHEMA_DIR, entry.schema);
  }
  return undefined;
}

const WRONG = "not_a_number";

/**
 * Two texts for the didChange toggle: A keeps a valid value on one typed key, B puts a wrong type there.
 * Prefers an integer key already in the file (edit in place), else number/boolean, else appends one.
 */
function toggleTexts(text, schemaPath) {
  const schema = JSON.parse(fs.readFileSync(schemaPath, "utf8"));
  const props = Object.entries(schema.properties ?? {});
  const typed = ["integer", "number", "boolean"].flatMap((t) =>
    props.filter(([, p]) => p.type === t),
  );
  const lines = text.split("\n");
  for (const [key] of typed) {
    const re = new RegExp(
      `^(${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}[ \\t]*:[ \\t]*)([^#]*?)([ \\t]*#.*)?$`,
    );
    const i = lines.findIndex((l) => re.test(l));
    if (i < 0) continue;
    const m = re.exec(lines[i]);
    const b = [...lines];
    b[i] = `${m[1]}${WRONG}${m[3] ?? ""}`;
    return { key, line: i, a: text, b: b.join("\n") };
  }
  const [key, p] = typed[0] ?? ["bench_flag", { type: "boolean" }];
  const valid =
    p.default !== undefined ? JSON.stringify(p.default) : p.type === "boolean" ? "true" : "1";
  const base = text === "" || text.endsWith("\n") ? text : `${text}\n`;
  const line = base === "" ? 0 : base.split("\n").length - 1;
  return {
    key,
    line,
    appended: true,
    a: `${base}${key}: ${valid}\n`,
    b: `${base}${key}: ${WRONG}\n`,
  };
}

/** What a server says about the toggled line: its diagnostics' messages there, sorted. */
const lineSig = (diags, line) =>
  JSON.stringify(
    diags
      .filter((d) => d.range.start.line === line)
      .map((d) => d.message)
      .sort(),
  );

// ---------------------------------------------------------------------------------------------------
// measurement

const stats = (xs) => {
  if (!xs.length) return { n: 0, p50: NaN, p95: NaN, mean: NaN, min: NaN, max: NaN };
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => {
    const k = (s.length - 1) * p;
    const lo = Math.floor(k);
    const hi = Math.ceil(k);
    return s[lo] + (s[hi] - s[lo]) * (k - lo);
  };
  return {
    n: s.length,
    p50: q(0.5),
    p95: q(0.95),
    mean: s.reduce((a, b) => a + b, 0) / s.length,
    min: s[0],
    max: s[s.length - 1],
  };
};

/** Per (server, uri): increasing versions so no open/change is ever answered from a stale cache entry. */
const versions = new Map();
const nextVersion = (server, uri) => {
  const k = `${server.name} ${uri}`;
  const v = (versions.get(k) ?? 0) + 1;
  versions.set(k, v);
  return v;
};

/** Our server echoes versions; yaml-language-server does not (any publish for the URI, in order). */
const forOpenOrChange = (server, version, extra = () => true) =>
  server.echoesVersion ? (p) => p.version === version && extra(p) : (p) => extra(p);
const forClose = (server) =>
  server.echoesVersion
    ? (p) => p.version === undefined && p.diagnostics.length === 0
    : (p) => p.diagnostics.length === 0;

async function open(server, uri, text) {
  const version = nextVersion(server, uri);
  const w = server.waitPublish(uri, forOpenOrChange(server, version), `didOpen ${uri} v${version}`);
  const t0 = performance.now();
  server.notify("textDocument/didOpen", {
    textDocument: { uri, languageId: "yaml", version, text },
  });
  const { t, params } = await w;
  return { ms: t - t0, params };
}

async function close(server, uri) {
  const w = server.waitPublish(uri, forClose(server), `didClose ${uri}`);
  server.notify("textDocument/didClose", { textDocument: { uri } });
  await w;
}

async function change(server, uri, text, extra) {
  const version = nextVersion(server, uri);
  const w = server.waitPublish(
    uri,
    forOpenOrChange(server, version, extra),
    `didChange ${uri} v${version}`,
  );
  const t0 = performance.now();
  server.notify("textDocument/didChange", {
    textDocument: { uri, version },
    contentChanges: [{ text }],
  });
  const { t, params } = await w;
  return { ms: t - t0, params };
}

async function complete(server, uri, position) {
  const t0 = performance.now();
  const res = await server.request(
    "textDocument/completion",
    { textDocument: { uri }, position },
    `completion ${uri}`,
  );
  const ms = performance.now() - t0;
  const items = Array.isArray(res) ? res : (res?.items ?? []);
  return { ms, items };
}

/**
 * All measurements of one document on the given servers, in lockstep: each iteration runs on every
 * server in turn (order alternating per iteration), one message at a time, so only one server is busy
 * at any moment and background load on the machine hits both servers alike.
 * Returns Map(server -> results).
 */
async function measureDoc(group, doc, { iters = ITERS, warmup = WARMUP, completion = true } = {}) {
  const R = new Map(
    group.map((s) => [
      s,
      {
        open: [],
        change: [],
        completion: [],
        completionMissing: [],
        openDiagnostics: 0,
        mismatches: 0,
      },
    ]),
  );
  const turn = (i) => (i % 2 === 0 ? group : [...group].reverse());
  const total = warmup + iters;

  // 1a. didOpen -> publish (then didClose, untimed, and wait for its clearing publish)
  const before = new Map(group.map((s) => [s, s.publishes]));
  for (let i = 0; i < total; i++) {
    for (const server of turn(i)) {
      const r = R.get(server);
      const { ms, params } = await open(server, doc.uri, doc.text);
      if (i >= warmup) r.open.push(ms);
      r.openDiagnostics = params.diagnostics.length;
      await close(server, doc.uri);
    }
  }
  // publishDiagnostics per didOpen (the didClose clearing publish excluded)
  for (const server of group)
    R.get(server).publishesPerOpen = (server.publishes - before.get(server)) / total - 1;

  // 1b. didChange toggling A <-> B. Calibrate first: what does each server say on the toggled line for
  //     A and for B? If that differs, every timed publish must fit the text just sent.
  const onLine = (p) => p.diagnostics.filter((d) => d.range.start.line === doc.toggle.line);
  for (const server of group) {
    const r = R.get(server);
    await open(server, doc.uri, doc.toggle.a);
    const aParams = (await change(server, doc.uri, doc.toggle.a)).params;
    const bParams = (await change(server, doc.uri, doc.toggle.b)).params;
    r.sig = {
      a: lineSig(aParams.diagnostics, doc.toggle.line),
      b: lineSig(bParams.diagnostics, doc.toggle.line),
    };
    r.typeErrorDetected = r.sig.a !== r.sig.b && onLine(bParams).length > onLine(aParams).length;
    r.typeErrorMessage = onLine(bParams).find(
      (d) => !onLine(aParams).some((x) => x.message === d.message),
    )?.message;
  }
  for (let i = 0; i < total; i++) {
    const current = i % 2 === 0 ? "a" : "b"; // the calibration left every server at B
    for (const server of turn(i)) {
      const r = R.get(server);
      const expected = r.sig[current];
      const distinct = r.sig.a !== r.sig.b;
      // yaml-language-server: accept only the publish that fits this text (a stale one cannot).
      const extra =
        !server.echoesVersion && distinct
          ? (p) => lineSig(p.diagnostics, doc.toggle.line) === expected
          : () => true;
      const { ms, params } = await change(server, doc.uri, doc.toggle[current], extra);
      if (distinct && lineSig(params.diagnostics, doc.toggle.line) !== expected) r.mismatches++;
      if (i >= warmup) r.change.push(ms);
    }
  }

  // 2. completion at the start of the empty last line (a new top-level key being typed):
  //    "completion" on the file as shipped (+ final newline), "completionMissing" on the same file
  //    with the toggled key's line removed, so that at least one schema key is left to offer.
  if (completion) {
    for (const [key, variant] of [
      ["completion", doc.completion],
      ["completionMissing", doc.completionMissing],
    ]) {
      for (const server of group) await change(server, doc.uri, variant.text);
      for (let i = 0; i < total; i++) {
        for (const server of turn(i)) {
          const r = R.get(server);
          const { ms, items } = await complete(server, doc.uri, variant.pos);
          if (i >= warmup) r[key].push(ms);
          r[`${key}Items`] = items.length;
          r[`${key}Labels`] = items.slice(0, 4).map((it) => it.label);
        }
      }
    }
  }
  for (const server of group) await close(server, doc.uri);
  return R;
}

// ---------------------------------------------------------------------------------------------------
// main

async function main() {
  if (!fs.existsSync(SERVER_JS))
    throw new BenchError(
      `${path.relative(ROOT, SERVER_JS)} is missing: run \`npm run build\` (or \`npm run bench:lsp\`)`,
    );
  if (!fs.existsSync(YLS_BIN))
    throw new BenchError(`yaml-language-server is not installed (${path.relative(ROOT, YLS_BIN)})`);
  const ylsVersion = JSON.parse(fs.readFileSync(YLS_PKG, "utf8")).version;
  const catalog = JSON.parse(fs.readFileSync(CATALOG, "utf8"));

  // --- workspace in a temp folder: methods/<dir>/configs/<name>.yaml so the globs match
  tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), "agentark-lsp-bench-"));
  const ws = path.join(tmpRoot, "ws");
  const wsLarge = path.join(tmpRoot, "ws-large");
  const wsSanity = path.join(tmpRoot, "ws-sanity");
  const place = (root, dir, name, text) => {
    const file = path.join(root, "methods", dir, "configs", name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return pathToFileURL(file).href;
  };
  const prepare = (root, dir, name, text, group) => {
    const schema = schemaFor(dir, name, catalog);
    if (!schema) throw new BenchError(`no catalog schema for methods/${dir}/configs/${name}`);
    const toggle = toggleTexts(text, schema);
    const endingEmpty = (t) => {
      const withNl = t === "" || t.endsWith("\n") ? t : `${t}\n`;
      return { text: withNl, pos: { line: withNl.split("\n").length - 1, character: 0 } };
    };
    const without = toggle.appended
      ? text
      : text
          .split("\n")
          .filter((_, i) => i !== toggle.line)
          .join("\n");
    return {
      id: `${dir}/${name}`,
      group,
      uri: place(root, dir, name, text),
      text,
      lines: text === "" ? 0 : text.split("\n").length - (text.endsWith("\n") ? 1 : 0),
      schema: path.relative(ROOT, schema),
      toggle,
      completion: endingEmpty(text),
      completionMissing: { ...endingEmpty(without), removedKey: toggle.key },
    };
  };
  const shipped = listShipped().map((d) =>
    prepare(ws, d.dir, d.name, fs.readFileSync(d.src, "utf8"), "shipped"),
  );
  const largeText = generateLargeDylan(LARGE_LINES);
  const large = prepare(wsLarge, "dylan", "config_main.yaml", largeText, "large");
  const docs = [...shipped, large];

  // --- yaml-language-server settings from the catalog (absolute file URIs)
  const schemas = {};
  for (const entry of catalog.schemas) {
    const uri = pathToFileURL(path.join(SCHEMA_DIR, entry.schema)).href;
    (schemas[uri] ??= []).push(...entry.fileMatch);
  }
  const yamlSection = {
    validate: true,
    hover: true,
    completion: true,
    schemas,
    schemaStore: { enable: false },
  };
  const ylsConfiguration = (item) => {
    if (item.section === "yaml") return yamlSection;
    if (["http", "[yaml]", "editor", "yaml.format"].includes(item.section)) return {};
    return null;
  };

  // --- start servers
  const roots = [ws, wsLarge, wsSanity];
  const ylsCapabilities = YLS_NO_CONFIG_CAP
    ? {
        ...CLIENT_CAPABILITIES,
        workspace: { ...CLIENT_CAPABILITIES.workspace, configuration: false },
      }
    : CLIENT_CAPABILITIES;
  const ours = new Server("ours", [SERVER_JS, "--stdio"]);
  ours.echoesVersion = true;
  // The transport floor: same library, same stdio, no work (bench/floor-server.cjs).
  const floorServer = WITH_FLOOR ? new Server("floor", [FLOOR_SERVER, "--stdio"]) : null;
  // The same plus the YAML parse both real servers do (`yaml`), and nothing else.
  const parseFloorServer = WITH_FLOOR
    ? new Server("floor+parse", [FLOOR_SERVER, "--stdio", "--parse"])
    : null;
  const floorServers = WITH_FLOOR ? [floorServer, parseFloorServer] : [];
  for (const server of floorServers) server.echoesVersion = true;
  /** A yaml-language-server: `mode` sync|timer0 = with the preload (see yls-zero-delay.cjs), null = stock. */
  const startYls = (name, mode) => {
    const args = mode ? ["--require", YLS_PRELOAD, YLS_BIN, "--stdio"] : [YLS_BIN, "--stdio"];
    const env = mode ? { YLS_BENCH_DELAY_MODE: mode } : {};
    const server = new Server(name, args, { configuration: ylsConfiguration, env });
    server.echoesVersion = false;
    return server;
  };
  const configureYls = async (server) => {
    await initialize(server, roots, undefined, ylsCapabilities);
    server.notify("workspace/didChangeConfiguration", { settings: { yaml: yamlSection } });
    await Promise.race([
      server.configPulled,
      new Promise((_, rej) =>
        setTimeout(
          () => rej(new BenchError(`${server.name} never pulled its configuration`)),
          WAIT_MS,
        ),
      ),
    ]);
  };
  const theirs = startYls("yaml-language-server", YLS_DELAY_MODE);
  await initialize(ours, roots, {
    settings: { validationEnabled: true, validationDelay: 0, scanSources: false },
  });
  for (const server of floorServers) await initialize(server, roots);
  await configureYls(theirs);
  if (!theirs.stderr.includes(`validationDelayMs=0 applied (mode ${YLS_DELAY_MODE})`)) {
    throw new BenchError(
      "yaml-language-server zero-delay preload was not applied (see bench/yls-zero-delay.cjs)",
    );
  }

  // --- sanity: both servers flag a wrong type on a schema'd key
  const sanityText = "random_seed: 0\nnum_agents: not_a_number\nnum_rounds: 3\n";
  const sanityUri = place(wsSanity, "dylan", "config_main.yaml", sanityText);
  const sanity = {};
  for (const server of [ours, theirs]) {
    let hit;
    let params;
    for (let attempt = 0; attempt < 40 && !hit; attempt++) {
      if (attempt) await new Promise((r) => setTimeout(r, 250)); // config/schema may still be loading
      ({ params } = await open(server, sanityUri, sanityText));
      hit = params.diagnostics.find((d) => d.range.start.line === 1);
      await close(server, sanityUri);
    }
    sanity[server.name] = hit
      ? {
          ok: true,
          line: 2,
          message: hit.message,
          source: hit.source ?? null,
          code: hit.code ?? null,
        }
      : {
          ok: false,
          diagnostics: params.diagnostics.map((d) => `${d.range.start.line + 1}: ${d.message}`),
        };
  }
  const ylsSanity = sanity[theirs.name];
  // yaml-language-server names the schema in `source` ("yaml-schema: <title>", or its URI without a title)
  const dylanSchemaPath = path.join(SCHEMA_DIR, "method-configs/dylan.schema.json");
  const dylanTitle = JSON.parse(fs.readFileSync(dylanSchemaPath, "utf8")).title;
  const src = String(ylsSanity.source);
  const ylsSchemaOk =
    ylsSanity.ok &&
    (src.includes("dylan.schema.json") || (dylanTitle !== undefined && src.includes(dylanTitle)));

  // --- measure: documents in turn, both servers in lockstep (see measureDoc)
  const perDoc = {};
  const loadBefore = os.loadavg();
  for (const [i, doc] of docs.entries()) {
    if (process.stderr.isTTY)
      process.stderr.write(
        `\r  measuring ${String(i + 1).padStart(2)}/${docs.length} ${doc.id.padEnd(40)}`,
      );
    const R = await measureDoc([ours, ...floorServers, theirs], doc);
    perDoc[doc.id + (doc.group === "large" ? ` (${LARGE_LINES} lines)` : "")] = {
      doc,
      results: Object.fromEntries([...R].map(([s, r]) => [s.name, r])),
    };
  }
  const loadAfter = os.loadavg();
  if (process.stderr.isTTY) process.stderr.write("\r" + " ".repeat(90) + "\r");

  // --- request floor: an unknown request answered with MethodNotFound, in lockstep
  const pingGroup = [ours, ...(floorServer ? [floorServer] : []), theirs];
  const floor = new Map(pingGroup.map((server) => [server, []]));
  for (let i = 0; i < 20 + 200; i++) {
    for (const server of i % 2 === 0 ? pingGroup : [...pingGroup].reverse()) {
      const t0 = performance.now();
      await server.request("bench/ping", {}).catch((e) => {
        if (e instanceof BenchError) throw e; // no answer at all; MethodNotFound is the expected one
      });
      if (i >= 20) floor.get(server).push(performance.now() - t0);
    }
  }
  const floorStats = {
    ours: stats(floor.get(ours)),
    floorServer: floorServer ? stats(floor.get(floorServer)) : null,
    theirs: stats(floor.get(theirs)),
  };

  // --- informational: yaml-language-server with setTimeout(0) kept (timer0), on the shipped configs,
  //     again in lockstep with ours (diagnostics only)
  let timer0 = null;
  if (RUN_INFO && YLS_DELAY_MODE !== "timer0") {
    const t0Server = startYls("yaml-language-server (timer0)", "timer0");
    await configureYls(t0Server);
    const acc = { ours: { open: [], change: [] }, theirs: { open: [], change: [] }, detected: 0 };
    for (const doc of shipped) {
      const R = await measureDoc([ours, t0Server], doc, { completion: false });
      for (const k of ["open", "change"]) {
        acc.ours[k].push(...R.get(ours)[k]);
        acc.theirs[k].push(...R.get(t0Server)[k]);
      }
      if (R.get(t0Server).typeErrorDetected) acc.detected++;
    }
    timer0 = {
      docs: shipped.length,
      typeErrorDetected: acc.detected,
      open: { ours: stats(acc.ours.open), theirs: stats(acc.theirs.open) },
      change: { ours: stats(acc.ours.change), theirs: stats(acc.theirs.change) },
    };
    await t0Server.shutdown();
  }

  // --- informational: the stock yaml-language-server (hard-coded 200 ms debounce), one document
  let stock = null;
  if (RUN_INFO) {
    const stockServer = startYls("yaml-language-server (stock)", null);
    await configureYls(stockServer);
    const doc = shipped.find((d) => d.id === "dylan/config_main.yaml") ?? shipped[0];
    const r = (
      await measureDoc([stockServer], doc, { iters: STOCK_ITERS, warmup: 2, completion: false })
    ).get(stockServer);
    stock = {
      doc: doc.id,
      iterations: STOCK_ITERS,
      open: stats(r.open),
      change: stats(r.change),
      typeErrorDetected: r.typeErrorDetected,
    };
    await stockServer.shutdown();
  }

  // --- shut the measured servers down (they must still be alive: a crash would have exited already)
  await Promise.all([ours, ...floorServers, theirs].map((server) => server.shutdown()));

  // --- bundle
  const bundleBytes = fs.existsSync(EXTENSION_JS) ? fs.statSync(EXTENSION_JS).size : null;
  let minifiedBytes = null;
  try {
    const esbuild = require("esbuild");
    const outfile = path.join(tmpRoot, "extension.min.js");
    await esbuild.build({
      entryPoints: [path.join(ROOT, "extension/src/extension.ts")],
      outfile,
      bundle: true,
      minify: true,
      sourcemap: false,
      legalComments: "none",
      platform: "node",
      format: "cjs",
      target: "node20",
      external: ["vscode"],
      logLevel: "silent",
    });
    minifiedBytes = fs.statSync(outfile).size;
  } catch (e) {
    minifiedBytes = `failed: ${e.message.split("\n")[0]}`;
  }

  // ---------------------------------------------------------------------------------------------------
  // aggregate and report
  const pool = (group, server, key) =>
    Object.values(perDoc)
      .filter((e) => e.doc.group === group)
      .flatMap((e) => e.results[server.name][key]);
  const row = (label, group, key, target) => {
    const o = stats(pool(group, ours, key));
    const t = stats(pool(group, theirs, key));
    const fl = floorServer ? stats(pool(group, floorServer, key)) : null;
    // Completion does not parse in the floor server: its parse-floor figure is only the floor again.
    const pf =
      parseFloorServer && !key.startsWith("completion")
        ? stats(pool(group, parseFloorServer, key))
        : null;
    const ratio = o.p50 / t.p50;
    const checks = [];
    if (target.p50 !== undefined) checks.push(o.p50 <= target.p50);
    if (target.ratio !== undefined) checks.push(ratio <= target.ratio);
    if (target.p95 !== undefined) checks.push(o.p95 <= target.p95);
    const verdict = checks.length === 0 ? "info" : checks.every(Boolean) ? "PASS" : "FAIL";
    return {
      label,
      group,
      key,
      ours: o,
      theirs: t,
      floor: fl,
      parseFloor: pf,
      ratio,
      target: target.text ?? "-",
      verdict,
    };
  };
  const nShipped = shipped.length;
  const rows = [
    row(`diagnostics didOpen   (${nShipped} shipped)`, "shipped", "open", {
      p50: TARGETS.diagP50Ms,
      ratio: TARGETS.diagRatio,
      text: `p50<=${TARGETS.diagP50Ms}ms & <=${TARGETS.diagRatio}x`,
    }),
    row(`diagnostics didChange (${nShipped} shipped)`, "shipped", "change", {
      p50: TARGETS.diagP50Ms,
      ratio: TARGETS.diagRatio,
      text: `p50<=${TARGETS.diagP50Ms}ms & <=${TARGETS.diagRatio}x`,
    }),
    row(`diagnostics didOpen   (${LARGE_LINES}-line)`, "large", "open", {
      ratio: TARGETS.diagRatio,
      text: `<=${TARGETS.diagRatio}x`,
    }),
    row(`diagnostics didChange (${LARGE_LINES}-line)`, "large", "change", {
      ratio: TARGETS.diagRatio,
      text: `<=${TARGETS.diagRatio}x`,
    }),
    row(`completion            (${nShipped} shipped)`, "shipped", "completion", {
      p95: TARGETS.completionP95Ms,
      text: `p95<=${TARGETS.completionP95Ms}ms`,
    }),
    row(`completion, 1 key gone(${nShipped} shipped)`, "shipped", "completionMissing", {
      p95: TARGETS.completionP95Ms,
      text: `p95<=${TARGETS.completionP95Ms}ms`,
    }),
    row(`completion            (${LARGE_LINES}-line)`, "large", "completion", {}),
    row(`completion, 1 key gone(${LARGE_LINES}-line)`, "large", "completionMissing", {}),
  ];
  const bundleVerdict =
    bundleBytes === null ? "FAIL" : bundleBytes < TARGETS.bundleBytes ? "PASS" : "FAIL";

  const f = (x) => (Number.isFinite(x) ? x.toFixed(x < 10 ? 2 : 1) : "-");
  const pad = (s, n) => String(s).padEnd(n);
  const lpad = (s, n) => String(s).padStart(n);
  const lines = [];
  const say = (s = "") => lines.push(s);
  say(`AgentArk LSP bench  (node ${process.version}, ${os.cpus().length} CPUs, ${os.platform()})`);
  say(
    `  ours   : dist/server.js (${ours.info.name ?? "?"} ${ours.info.version ?? ""}), validationDelay 0, scanSources false`,
  );
  say(
    `  theirs : yaml-language-server ${ylsVersion} with our generated JSON Schemas (${Object.keys(schemas).length} schemas from catalog.json), schemaStore off,`,
  );
  say(
    `           hard-coded 200 ms validation debounce patched to 0 (bench/yls-zero-delay.cjs, mode ${YLS_DELAY_MODE}: ` +
      (YLS_DELAY_MODE === "sync"
        ? "validates at once, no timer, like ours)"
        : "setTimeout(0), which Node clamps to >= 1 ms)"),
  );
  if (YLS_NO_CONFIG_CAP)
    say(
      `           client declares NO workspace.configuration capability (--yls-no-config-capability)`,
    );
  say(
    `  ${ITERS} timed + ${WARMUP} warm-up iterations per document, per measure, per server; servers in lockstep, one busy at a time`,
  );
  say(
    `  load average (1 min) before/after measuring: ${loadBefore[0].toFixed(2)} / ${loadAfter[0].toFixed(2)} (other work on this machine adds noise, mostly to the 2,000-line rows)`,
  );
  say(
    `  documents: ${nShipped} shipped configs (${shipped.reduce((a, d) => a + d.lines, 0)} lines in all) + 1 generated ${LARGE_LINES}-line dylan config_main.yaml`,
  );
  say();
  const sOurs = sanity[ours.name];
  say(
    `SANITY yaml-language-server: ${ylsSchemaOk ? "OK" : "FAILED"} — wrong type on num_agents in dylan config_main.yaml -> ` +
      (ylsSanity.ok
        ? `"${ylsSanity.message}" (source: ${ylsSanity.source})`
        : `no diagnostic on that line; got ${JSON.stringify(ylsSanity.diagnostics)}`),
  );
  say(
    `SANITY ours                : ${sOurs.ok ? "OK" : "FAILED"} — ` +
      (sOurs.ok
        ? `"${sOurs.message}" (source: ${sOurs.source}, code: ${sOurs.code})`
        : JSON.stringify(sOurs.diagnostics)),
  );
  const detected = (server) =>
    Object.values(perDoc).filter((e) => e.results[server.name].typeErrorDetected).length;
  say(
    `SANITY per document        : toggled wrong-type value flagged on its line by yaml-language-server in ${detected(theirs)}/${docs.length} docs, by ours in ${detected(ours)}/${docs.length}` +
      ` (stale-publish mismatches: ours ${Object.values(perDoc).reduce((a, e) => a + e.results[ours.name].mismatches, 0)}, theirs ${Object.values(perDoc).reduce((a, e) => a + e.results[theirs.name].mismatches, 0)})`,
  );
  say();
  const W = [34, 9, 9, 11, 11, 9, 22, 6];
  const header = [
    "measure (ms)",
    "ours p50",
    "ours p95",
    "theirs p50",
    "theirs p95",
    "ours/th",
    "target (ours)",
    "result",
  ];
  say(header.map((h, i) => (i === 0 || i === 6 ? pad(h, W[i]) : lpad(h, W[i]))).join("  "));
  say(W.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) {
    say(
      [
        pad(r.label, W[0]),
        lpad(f(r.ours.p50), W[1]),
        lpad(f(r.ours.p95), W[2]),
        lpad(f(r.theirs.p50), W[3]),
        lpad(f(r.theirs.p95), W[4]),
        lpad(f(r.ratio) + "x", W[5]),
        pad(r.target, W[6]),
        pad(r.verdict, W[7]),
      ].join("  "),
    );
  }
  const mb = (b) =>
    typeof b === "number"
      ? `${(b / 1e6).toFixed(2)} MB (${b.toLocaleString("en-US")} B)`
      : String(b);
  say(
    `${pad("bundle dist/extension.js", W[0])}  ${pad(mb(bundleBytes), W[1] + W[2] + W[3] + W[4] + W[5] + 8)}  ${pad(`< ${TARGETS.bundleBytes / 1e6} MB`, W[6])}  ${bundleVerdict}`,
  );
  say(
    `${pad("  (info) same entry, minified", W[0])}  ${mb(minifiedBytes)}  — what \`npm run build:prod\` would ship (no sourcemap, minify)`,
  );
  say();
  if (WITH_FLOOR) {
    say(
      "transport floor: bench/floor-server.cjs, the same library (vscode-languageserver) over the same stdio, answering every",
    );
    say(
      "didOpen/didChange with an empty publishDiagnostics from the notification handler and every completion with []; measured in",
    );
    say(
      "the same lockstep loops. floor/theirs is the lowest ours/theirs that any server on this transport could show.",
    );
    const WF = [34, 9, 9, 10, 12, 11, 10, 12, 11, 12];
    say(
      [
        pad("measure (ms)", WF[0]),
        lpad("floor p50", WF[1]),
        lpad("floor p95", WF[2]),
        lpad("ours/floor", WF[3]),
        lpad("theirs/floor", WF[4]),
        lpad("fl/theirs", WF[5]),
        lpad("fl+parse", WF[6]),
        lpad("fl+p/theirs", WF[7]),
        lpad("ours-floor", WF[8]),
        lpad("theirs-floor", WF[9]),
      ].join("  "),
    );
    say(WF.map((w) => "-".repeat(w)).join("  "));
    for (const r of rows) {
      say(
        [
          pad(r.label, WF[0]),
          lpad(f(r.floor.p50), WF[1]),
          lpad(f(r.floor.p95), WF[2]),
          lpad(f(r.ours.p50 / r.floor.p50) + "x", WF[3]),
          lpad(f(r.theirs.p50 / r.floor.p50) + "x", WF[4]),
          lpad(f(r.floor.p50 / r.theirs.p50) + "x", WF[5]),
          lpad(r.parseFloor ? f(r.parseFloor.p50) : "-", WF[6]),
          lpad(r.parseFloor ? f(r.parseFloor.p50 / r.theirs.p50) + "x" : "-", WF[7]),
          lpad(f(r.ours.p50 - r.floor.p50), WF[8]),
          lpad(f(r.theirs.p50 - r.floor.p50), WF[9]),
        ].join("  "),
      );
    }
    say(
      "  fl/theirs: floor p50 / theirs p50, the lowest ours/theirs any server on this transport could show. fl+parse: the floor",
    );
    say(
      "  server with --parse (a `yaml` library parse, nothing else); fl+p/theirs: the lowest ratio for a server building a `yaml` document (ours reads flat configs without one).",
    );
    say(
      "  ours-floor, theirs-floor: p50 minus floor p50, the servers' own work (theirs includes its workspace/configuration round trip).",
    );
    for (const r of rows.filter(
      (x) => x.group === "shipped" && (x.key === "open" || x.key === "change"),
    )) {
      // ours <= ratio * theirs  <=>  (ours - floor) <= ratio * theirs - floor
      const budget = TARGETS.diagRatio * r.theirs.p50 - r.floor.p50;
      say(
        `  ${r.key === "open" ? "didOpen  " : "didChange"} <= ${TARGETS.diagRatio}x needs ours-floor <= ${TARGETS.diagRatio} x ${f(r.theirs.p50)} - ${f(r.floor.p50)} = ${f(budget)} ms of work; ` +
          `ours spends ${f(r.ours.p50 - r.floor.p50)} ms; a \`yaml\` library parse alone (fl+parse - floor) costs ${f(r.parseFloor.p50 - r.floor.p50)} ms`,
      );
    }
  }
  say(
    `request floor (unknown request -> MethodNotFound, p50/p95): ours ${f(floorStats.ours.p50)}/${f(floorStats.ours.p95)} ms, ` +
      (floorStats.floorServer
        ? `floor server ${f(floorStats.floorServer.p50)}/${f(floorStats.floorServer.p95)} ms, `
        : "") +
      `yaml-language-server ${f(floorStats.theirs.p50)}/${f(floorStats.theirs.p95)} ms`,
  );
  if (timer0) {
    const r0 = (k) =>
      `ours ${f(timer0[k].ours.p50)}/${f(timer0[k].ours.p95)} vs ${f(timer0[k].theirs.p50)}/${f(timer0[k].theirs.p95)} ms = ${f(timer0[k].ours.p50 / timer0[k].theirs.p50)}x`;
    say(
      `(info) yaml-language-server with setTimeout(0) kept (timer0), ${timer0.docs} shipped, p50/p95: didOpen ${r0("open")}; didChange ${r0("change")}`,
    );
  }
  if (stock) {
    say(
      `(info) stock yaml-language-server, 200 ms debounce, ${stock.doc}, ${stock.iterations} iters: didOpen p50 ${f(stock.open.p50)} / p95 ${f(stock.open.p95)} ms, ` +
        `didChange p50 ${f(stock.change.p50)} / p95 ${f(stock.change.p95)} ms`,
    );
  }
  say();
  say(
    "per document — p50 ms as ours | theirs; items = completion items as-shipped/1-key-gone; diags = on open; pub/open = publishDiagnostics per didOpen:",
  );
  const W2 = [36, 5, 14, 14, 13, 15, 9, 7, 9];
  say(
    [
      pad("document", W2[0]),
      lpad("lines", W2[1]),
      lpad("didOpen", W2[2]),
      lpad("didChange", W2[3]),
      lpad("completion", W2[4]),
      lpad("compl.1 gone", W2[5]),
      lpad("items", W2[6]),
      lpad("diags", W2[7]),
      lpad("pub/open", W2[8]),
    ].join("  "),
  );
  for (const [id, e] of Object.entries(perDoc)) {
    const o = e.results[ours.name];
    const t = e.results[theirs.name];
    const pair = (k) => `${f(stats(o[k]).p50)} | ${f(stats(t[k]).p50)}`;
    say(
      [
        pad(id, W2[0]),
        lpad(e.doc.lines, W2[1]),
        lpad(pair("open"), W2[2]),
        lpad(pair("change"), W2[3]),
        lpad(pair("completion"), W2[4]),
        lpad(pair("completionMissing"), W2[5]),
        lpad(
          `${o.completionItems}/${o.completionMissingItems}|${t.completionItems}/${t.completionMissingItems}`,
          W2[6],
        ),
        lpad(`${o.openDiagnostics}|${t.openDiagnostics}`, W2[7]),
        lpad(`${f(o.publishesPerOpen)}|${f(t.publishesPerOpen)}`, W2[8]),
      ].join("  "),
    );
  }
  say();
  say(
    `toggled key per document: ${Object.values(perDoc)
      .map((e) => `${e.doc.id}:${e.doc.toggle.key}@${e.doc.toggle.line + 1}`)
      .join(", ")}`,
  );
  say(
    `init (initialize round trip): ours ${f(ours.initMs)} ms, yaml-language-server ${f(theirs.initMs)} ms`,
  );
  const failed =
    rows.filter((r) => r.verdict === "FAIL").length + (bundleVerdict === "FAIL" ? 1 : 0);
  say(
    `${failed === 0 ? "all targets PASS" : `${failed} target(s) FAIL`} (reported, not gated). JSON: ${path.relative(ROOT, OUT_JSON)}`,
  );
  console.log(lines.join("\n"));

  const json = {
    generatedAt: new Date().toISOString(),
    environment: {
      node: process.version,
      cpus: os.cpus().length,
      platform: os.platform(),
      cpuModel: os.cpus()[0]?.model,
      loadavgBefore: loadBefore,
      loadavgAfter: loadAfter,
    },
    config: {
      iterations: ITERS,
      warmup: WARMUP,
      largeLines: LARGE_LINES,
      targets: TARGETS,
      ylsNoConfigCapability: YLS_NO_CONFIG_CAP,
    },
    servers: {
      ours: {
        entry: "dist/server.js",
        serverInfo: ours.info,
        initMs: ours.initMs,
        settings: { validationEnabled: true, validationDelay: 0, scanSources: false },
      },
      theirs: {
        entry: path.relative(ROOT, YLS_BIN),
        version: ylsVersion,
        serverInfo: theirs.info,
        initMs: theirs.initMs,
        preload: path.relative(ROOT, YLS_PRELOAD),
        validationDelayMs: {
          stock: 200,
          used: 0,
          mode: YLS_DELAY_MODE,
          note: "hard-coded in out/server/src/yamlSettings.js; no setting exists",
        },
        yamlSettings: yamlSection,
      },
    },
    sanity: {
      ...sanity,
      yamlLanguageServerUsesOurSchema: ylsSchemaOk,
      perDocumentTypeErrorDetected: {
        ours: detected(ours),
        theirs: detected(theirs),
        of: docs.length,
      },
    },
    results: rows.map((r) => ({
      measure: r.label.replace(/\s+/g, " "),
      group: r.group,
      kind: r.key,
      ours: r.ours,
      theirs: r.theirs,
      floor: r.floor,
      floorPlusParse: r.parseFloor,
      ratioP50: r.ratio,
      oursOverFloorP50: r.floor ? r.ours.p50 / r.floor.p50 : null,
      theirsOverFloorP50: r.floor ? r.theirs.p50 / r.floor.p50 : null,
      floorOverTheirsP50: r.floor ? r.floor.p50 / r.theirs.p50 : null,
      floorPlusParseOverTheirsP50: r.parseFloor ? r.parseFloor.p50 / r.theirs.p50 : null,
      target: r.target,
      verdict: r.verdict,
    })),
    bundle: {
      file: "dist/extension.js",
      bytes: bundleBytes,
      targetBytes: TARGETS.bundleBytes,
      verdict: bundleVerdict,
      minifiedBytes,
    },
    transportFloor: WITH_FLOOR
      ? {
          server: path.relative(ROOT, FLOOR_SERVER),
          note: "same library and stdio transport, empty publishDiagnostics from the notification handler; per measure in results[].floor, and with --parse (yaml parseAllDocuments + toJS first) in results[].floorPlusParse",
        }
      : null,
    requestFloor: floorStats,
    timer0YamlLanguageServer: timer0,
    stockYamlLanguageServer: stock,
    perDocument: Object.fromEntries(
      Object.entries(perDoc).map(([id, e]) => [
        id,
        {
          lines: e.doc.lines,
          schema: e.doc.schema,
          toggledKey: e.doc.toggle.key,
          toggledLine: e.doc.toggle.line + 1,
          completionMissingRemovedKey: e.doc.completionMissing.removedKey,
          ...Object.fromEntries(
            Object.entries(e.results).map(([name, r]) => [
              name,
              {
                open: stats(r.open),
                change: stats(r.change),
                completion: stats(r.completion),
                completionMissing: stats(r.completionMissing),
                openDiagnostics: r.openDiagnostics,
                publishesPerOpen: r.publishesPerOpen,
                completionItems: r.completionItems,
                completionSample: r.completionLabels,
                completionMissingItems: r.completionMissingItems,
                completionMissingSample: r.completionMissingLabels,
                typeErrorDetected: r.typeErrorDetected,
                typeErrorMessage: r.typeErrorMessage ?? null,
                mismatches: r.mismatches,
                samples: {
                  open: r.open,
                  change: r.change,
                  completion: r.completion,
                  completionMissing: r.completionMissing,
                },
              },
            ]),
          ),
        },
      ]),
    ),
  };
  fs.mkdirSync(path.dirname(OUT_JSON), { recursive: true });
  fs.writeFileSync(OUT_JSON, JSON.stringify(json, null, 2) + "\n");

  if (!ylsSchemaOk)
    console.log(
      "WARNING: yaml-language-server did not prove it validates against our schema; its numbers are not comparable.",
    );
}

try {
  await main();
  finished = true;
  clearTimeout(globalTimer);
  cleanup();
  process.exit(0);
} catch (e) {
  fatal(e instanceof BenchError ? e.message : (e?.stack ?? String(e)));
}
