#!/usr/bin/env node
// Curation webview rendering benchmark, in Debian's Chromium (playwright-core), on the real UI
// (webview/src/dev/fake-main.ts: the production bundle over the in-memory FakeHost), served from
// 127.0.0.1 with renderWebviewHtml's page and CSP.
//
//   node bench/jsonl/render-bench.mjs [--iters=15] [--no-cold]
//
// Measures
//   1. One record of 5 agents x 3 rounds x 40 steps (5 solution cards of 40 steps with PRM badges
//      and label buttons, a 5x3 debate grid, the tree with the first low step's path open): time
//      from the host's `record` message to the DOM updated and laid out (Lit render + markdown,
//      KaTeX MathML, sanitizer, style and layout). "cold" clears the markdown cache first (the
//      first look at a record); "warm" re-renders a record whose texts were drawn before.
//      Texts in the window get their markdown and math before that first layout; step, think
//      and turn texts off screen stay plain text until they near the viewport
//      (webview/src/render/lazy-markdown.ts). The bench counts texts in view still plain then.
//      Baselines: (a) a trivial record (1 agent, 0 rounds, 1 step) through the same path; (b) the
//      same DOM built by `innerHTML` of the finished markup as a static string, plus layout:
//      the floor for putting this much DOM on screen. Target: cold and warm medians <= 30 ms.
//   2. The list over 1,000,000 fake summaries, scrolled end to end in 41 positions: DOM nodes in
//      the list at each position once its rows are loaded. Target: max <= 400 nodes, and the last
//      position shows line 1,000,000.
// Output: figures, baselines, ratios, PASS/FAIL; JSON to bench/out/jsonl-render.json.
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import * as esbuild from "esbuild";
import { chromium } from "playwright-core";

const root = path.resolve(import.meta.dirname, "../..");
const arg = (name, fallback) => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.split("=")[1]) : fallback;
};
const ITERS = arg("iters", 15);
const RENDER_TARGET_MS = 30;
const NODES_TARGET = 400;

const dir = mkdtempSync(path.join(tmpdir(), "agentark-render-bench-"));
await esbuild.build({
  entryPoints: { main: path.join(root, "webview/src/dev/fake-main.ts") },
  outdir: dir,
  bundle: true,
  minify: true,
  platform: "browser",
  format: "esm",
  target: "es2022",
  logLevel: "warning",
});
await esbuild.build({
  entryPoints: [path.join(root, "extension/src/panels/webview-html.ts")],
  outfile: path.join(dir, "webview-html.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  logLevel: "warning",
});
const { renderWebviewHtml, contentSecurityPolicy } = await import(
  pathToFileURL(path.join(dir, "webview-html.mjs")).href
);

const server = createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const origin = `http://${req.headers.host}`;
  if (url.pathname === "/") {
    const nonce = randomBytes(16).toString("base64");
    res.writeHead(200, {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": contentSecurityPolicy(origin, nonce),
    });
    res.end(
      renderWebviewHtml({
        cspSource: origin,
        scriptUri: `${origin}/main.js`,
        styleUris: [`${origin}/main.css`],
        nonce,
      }),
    );
    return;
  }
  const name = path.basename(url.pathname);
  if (name === "main.js" || name === "main.css") {
    res.writeHead(200, { "content-type": name.endsWith(".js") ? "text/javascript" : "text/css" });
    res.end(readFileSync(path.join(dir, name)));
    return;
  }
  res.writeHead(404);
  res.end();
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.AGENTARK_CHROMIUM ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const p95 = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)];
};

/** In the page: renders `iters` records of a shape through the app, returns ms per render. */
async function timeRecords(page, shape, iters, cold) {
  return page.evaluate(
    async ({ shape, iters, cold }) => {
      const app = window.__app;
      const host = window.__fakeHost;
      const times = [];
      const line = Number(
        document.querySelector(".list-row.selected")?.getAttribute("data-line") ?? 0,
      );
      for (let i = 0; i < iters; i++) {
        // A different record each time, delivered as the open line's new content.
        const record = { ...window.__bench.makeRecord(1000 + i, shape), line };
        if (cold) window.__bench.clearMarkdownCache();
        else {
          host.emit({ type: "record", record });
          await app.updateComplete;
        }
        // Start from an empty record so each run builds the full DOM.
        host.emit({
          type: "record",
          record: { ...record, solutions: [], rounds: null, query: "" },
        });
        await app.updateComplete;
        document.body.offsetHeight;
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        const t0 = performance.now();
        host.emit({ type: "record", record });
        await app.updateComplete;
        document.body.offsetHeight; // style + layout
        const first = performance.now();
        // Untimed: texts in the window still plain (lazy-markdown.ts upgrades those in view
        // before the first paint; rendered markdown is wrapped in elements, plain text is not).
        const plainInView = [...document.querySelectorAll(".detail .md")].filter((el) => {
          if (el.children.length > 0 || !el.textContent.trim()) return false;
          const r = el.getBoundingClientRect();
          return r.width > 0 && r.bottom >= 0 && r.top <= window.innerHeight;
        }).length;
        times.push({ first: first - t0, plainInView });
      }
      return times;
    },
    { shape, iters, cold },
  );
}

async function staticBaseline(page, iters) {
  return page.evaluate((iters) => {
    const markup = document.querySelector(".detail").innerHTML;
    const nodes = document.querySelector(".detail").querySelectorAll("*").length;
    const times = [];
    for (let i = 0; i < iters; i++) {
      const host = document.createElement("main");
      host.className = "detail";
      const t0 = performance.now();
      host.innerHTML = markup;
      document.querySelector(".layout").append(host);
      document.body.offsetHeight;
      times.push(performance.now() - t0);
      host.remove();
    }
    return { times, nodes };
  }, iters);
}

const results = {};
try {
  // ---- 1. record rendering ----
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`${origin}/?count=20&agents=5&rounds=3&steps=40`);
  await page.locator(".solution-card").first().waitFor();
  const big = { agents: 5, rounds: 3, steps: 40 };
  await timeRecords(page, big, 3, false); // JIT warm-up
  const coldRuns = await timeRecords(page, big, ITERS, true);
  const cold = coldRuns.map((t) => t.first);
  const warmRuns = await timeRecords(page, big, ITERS, false);
  const warm = warmRuns.map((t) => t.first);
  const plainInView = Math.max(...[...coldRuns, ...warmRuns].map((t) => t.plainInView));
  const trivial = (await timeRecords(page, { agents: 1, rounds: 0, steps: 1 }, ITERS, true)).map(
    (t) => t.first,
  );
  await timeRecords(page, big, 1, false);
  const domNodes = await page.evaluate(
    () => document.querySelectorAll(".detail *, .tree-pane *").length,
  );
  const stat = await staticBaseline(page, ITERS);
  await page.close();
  results.record = {
    shape: big,
    domNodes,
    coldMedianMs: median(cold),
    coldP95Ms: p95(cold),
    plainTextsInViewMax: plainInView,
    warmMedianMs: median(warm),
    warmP95Ms: p95(warm),
    trivialMedianMs: median(trivial),
    staticInnerHtmlMedianMs: median(stat.times),
    staticNodes: stat.nodes,
    targetMs: RENDER_TARGET_MS,
  };
  results.record.ratioColdVsStatic =
    results.record.coldMedianMs / results.record.staticInnerHtmlMedianMs;
  results.record.ratioWarmVsStatic =
    results.record.warmMedianMs / results.record.staticInnerHtmlMedianMs;
  results.record.pass =
    results.record.coldMedianMs <= RENDER_TARGET_MS &&
    results.record.warmMedianMs <= RENDER_TARGET_MS &&
    plainInView === 0;

  // ---- 2. list of a million ----
  const list = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await list.goto(`${origin}/?count=1000000&agents=3&rounds=0&steps=4`);
  await list.locator(".list-row[data-line]").first().waitFor();
  const positions = [];
  for (let i = 0; i <= 40; i++) {
    const fraction = i / 40;
    const sample = await list.evaluate(async (fraction) => {
      const el = document.querySelector("record-list");
      el.scrollToFraction(fraction);
      const t0 = performance.now();
      // Wait until every drawn row has its summary (pages answered by the host).
      for (;;) {
        await el.updateComplete;
        await new Promise((r) => requestAnimationFrame(r));
        const loading = el.querySelectorAll(".list-row.loading").length;
        if (loading === 0 || performance.now() - t0 > 5000) break;
      }
      const rows = [...el.querySelectorAll(".list-row[data-line]")].map((r) =>
        Number(r.getAttribute("data-line")),
      );
      const scroller = el.querySelector(".list-scroller");
      const rect = scroller.getBoundingClientRect();
      const visible = [...el.querySelectorAll(".list-row[data-line]")]
        .filter((r) => {
          const b = r.getBoundingClientRect();
          return b.bottom > rect.top && b.top < rect.bottom;
        })
        .map((r) => Number(r.getAttribute("data-line")));
      return {
        fraction,
        nodes: el.querySelectorAll("*").length,
        rows: rows.length,
        firstVisible: Math.min(...visible),
        lastVisible: Math.max(...visible),
        ms: performance.now() - t0,
      };
    }, fraction);
    positions.push(sample);
  }
  await list.close();
  const maxNodes = Math.max(...positions.map((p) => p.nodes));
  const end = positions.at(-1);
  results.list = {
    count: 1_000_000,
    positions,
    maxNodes,
    targetNodes: NODES_TARGET,
    lastVisibleAtEnd: end.lastVisible,
    pass: maxNodes <= NODES_TARGET && end.lastVisible === 999_999,
  };
} finally {
  await browser.close();
  server.close();
  rmSync(dir, { recursive: true, force: true });
}

const r = results.record;
const l = results.list;
const f = (x) => x.toFixed(2);
console.log(`record 5 agents x 3 rounds x 40 steps (${r.domNodes} DOM nodes)`);
console.log(
  `  cold (markdown cache cleared): median ${f(r.coldMedianMs)} ms, p95 ${f(r.coldP95Ms)} ms`,
);
console.log(
  `  texts in view still plain at that first layout: at most ${r.plainTextsInViewMax} (must be 0)`,
);
console.log(
  `  warm (texts seen before):      median ${f(r.warmMedianMs)} ms, p95 ${f(r.warmP95Ms)} ms`,
);
console.log(`  baseline trivial record:       median ${f(r.trivialMedianMs)} ms`);
console.log(
  `  baseline static innerHTML:     median ${f(r.staticInnerHtmlMedianMs)} ms (${r.staticNodes} nodes)`,
);
console.log(
  `  ratio cold/static ${f(r.ratioColdVsStatic)}x, warm/static ${f(r.ratioWarmVsStatic)}x`,
);
console.log(
  `  target cold and warm median <= ${RENDER_TARGET_MS} ms, no text in view plain: ${r.pass ? "PASS" : "FAIL"}`,
);
console.log(`list of 1,000,000 summaries, ${l.positions.length} scroll positions end to end`);
console.log(
  `  DOM nodes in the list: max ${l.maxNodes}, min ${Math.min(...l.positions.map((p) => p.nodes))}`,
);
console.log(`  rows drawn per position: max ${Math.max(...l.positions.map((p) => p.rows))}`);
console.log(
  `  visible at start ${l.positions[0].firstVisible + 1}..${l.positions[0].lastVisible + 1}, at end ${l.positions.at(-1).firstVisible + 1}..${l.lastVisibleAtEnd + 1}`,
);
console.log(
  `  target max <= ${NODES_TARGET} nodes and the last line reachable: ${l.pass ? "PASS" : "FAIL"}`,
);
mkdirSync(path.join(root, "bench/out"), { recursive: true });
writeFileSync(
  path.join(root, "bench/out/jsonl-render.json"),
  JSON.stringify(results, null, 2) + "\n",
);
console.log("wrote bench/out/jsonl-render.json");
// It reports, it does not gate (as every jsonl bench, see run-all.mjs): exit 0 when it measured.
