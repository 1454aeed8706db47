#!/usr/bin/env node
// Deterministic generator of realistic AgentArk result files (agentark-reference.md §3, §4 and the
// native trajectory of schemas/src/records/trajectory.ts). The problems are our own small templates
// (arithmetic word problems with computed answers), never copied from a dataset.
//
//   node bench/jsonl/generate-results.mjs --out <file> [--kind mixed|infer|infer-http|labeled|
//        trajectory] [--rows N | --size 1GiB] [--seed 1]
//   node bench/jsonl/generate-results.mjs --samples      (rewrites samples/workspace/results/)
//
// Same seed, same bytes. Rows of a file share one run: row k of every kind asks problem k, so an
// inference file and its labeled file join by `query` as AgentArk's files do. Lines are written
// the way AgentArk's Python writes them (pythonDumps): `", "` and `": "` between items, non-ASCII
// escaped in inference rows (json.dump's default) and raw in labeled rows (ensure_ascii=False).

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Bumped whenever the bytes for a given seed change, so benches regenerate their cached files. */
export const GENERATOR_VERSION = 4;

/**
 * Python's json.dumps of the plain values rows hold, with its default separators. With
 * `ensureAscii` every character outside printable ASCII is a \uXXXX escape (a UTF-16 unit each,
 * as Python writes them); JSON.stringify already escapes control characters as Python does.
 */
export function pythonDumps(value, ensureAscii) {
  if (value === null || typeof value === "boolean" || typeof value === "number")
    return JSON.stringify(value);
  if (typeof value === "string") {
    const json = JSON.stringify(value);
    return ensureAscii
      ? json.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
      : json;
  }
  if (Array.isArray(value)) return `[${value.map((v) => pythonDumps(v, ensureAscii)).join(", ")}]`;
  const members = Object.entries(value).filter(([, v]) => v !== undefined);
  return `{${members.map(([k, v]) => `${pythonDumps(k, ensureAscii)}: ${pythonDumps(v, ensureAscii)}`).join(", ")}}`;
}

/** mulberry32: small, fast, and the same on every platform. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  next.pick = (list) => list[Math.floor(next() * list.length)];
  return next;
}

const NAMES = ["Mira", "Tomasz", "Aiko", "Jonah", "Lena", "Ravi", "Sofía", "Kwame", "Ines", "Oleg"];
const ITEMS = ["muffins", "pencils", "tiles", "stamps", "marbles", "seedlings", "bolts", "jars"];

/** Each template returns the problem, the answer and the correct reasoning steps. */
const TEMPLATES = [
  (r) => {
    const [who, item] = [r.pick(NAMES), r.pick(ITEMS)];
    const per = r.int(3, 12);
    const boxes = r.int(4, 30);
    const extra = r.int(1, per - 1);
    const total = per * boxes + extra;
    return {
      query: `${who} has ${total} ${item} and packs them into boxes of ${per}. How many boxes are completely full, and how many ${item} are left over? Give the number of full boxes.`,
      answer: String(boxes),
      steps: [
        `We need to divide ${total} ${item} into groups of ${per}.`,
        `${per} × ${boxes} = ${per * boxes}, and ${total} − ${per * boxes} = ${extra}, which is less than ${per}.`,
        `So there are ${boxes} full boxes with ${extra} ${item} left over.`,
      ],
    };
  },
  (r) => {
    const w = r.int(3, 40);
    const h = r.int(3, 40);
    const border = r.int(1, Math.min(w, h) >> 1 || 1);
    const inner = (w - 2 * border) * (h - 2 * border);
    return {
      query: `A rectangular garden is ${w} m by ${h} m. A path of width ${border} m runs inside its edge all the way around. What is the area, in square metres, of the part of the garden not covered by the path?`,
      answer: String(inner),
      steps: [
        `The uncovered part is a rectangle whose sides are each shorter by twice the path width.`,
        `Its sides are ${w} − 2·${border} = ${w - 2 * border} m and ${h} − 2·${border} = ${h - 2 * border} m.`,
        `The area is ${w - 2 * border} × ${h - 2 * border} = ${inner} m².`,
      ],
    };
  },
  (r) => {
    const a = r.int(1, 20);
    const d = r.int(2, 9);
    const n = r.int(10, 60);
    const sum = (n * (2 * a + (n - 1) * d)) / 2;
    return {
      query: `The first term of an arithmetic sequence is ${a} and the common difference is ${d}. What is the sum of the first ${n} terms?`,
      answer: String(sum),
      steps: [
        `The sum of the first n terms is S_n = n(2a + (n − 1)d)/2.`,
        `Here 2a + (n − 1)d = ${2 * a} + ${n - 1}·${d} = ${2 * a + (n - 1) * d}.`,
        `So S_${n} = ${n} · ${2 * a + (n - 1) * d} / 2 = ${sum}.`,
      ],
    };
  },
  (r) => {
    const v1 = r.int(40, 90);
    const v2 = r.int(30, 80);
    const t = r.int(2, 6);
    const gap = (v1 + v2) * t;
    return {
      query: `Two trains leave stations ${gap} km apart at the same time and travel toward each other, one at ${v1} km/h and the other at ${v2} km/h. After how many hours do they meet?`,
      answer: String(t),
      steps: [
        `Moving toward each other, the trains close the gap at ${v1} + ${v2} = ${v1 + v2} km/h.`,
        `The time to close ${gap} km is ${gap} / ${v1 + v2} hours.`,
        `${gap} / ${v1 + v2} = ${t}, so they meet after ${t} hours.`,
      ],
    };
  },
  (r) => {
    const p = r.int(20, 400);
    const pct = r.pick([5, 10, 15, 20, 25, 30, 40]);
    const price = (p * (100 - pct)) / 100;
    return {
      query: `A jacket costs $${p}. During a sale the price is reduced by ${pct}%. What is the sale price in dollars?`,
      answer: Number.isInteger(price) ? String(price) : price.toFixed(2),
      steps: [
        `A ${pct}% reduction leaves ${100 - pct}% of the original price.`,
        `${100 - pct}% of $${p} is ${p} × ${(100 - pct) / 100}.`,
        `That is $${Number.isInteger(price) ? price : price.toFixed(2)}.`,
      ],
    };
  },
  (r) => {
    const n = r.int(5, 24);
    const k = r.int(2, 3);
    const c = k === 2 ? (n * (n - 1)) / 2 : (n * (n - 1) * (n - 2)) / 6;
    const club = r.pick(["chess", "robotics", "rowing", "poetry", "astronomy", "debate"]);
    return {
      query: `The ${club} club has ${n} members. In how many ways can a committee of ${k} members be chosen, if the order of selection does not matter?`,
      answer: String(c),
      steps: [
        `We count unordered selections, so the answer is the binomial coefficient C(${n}, ${k}).`,
        `C(${n}, ${k}) = ${k === 2 ? `${n}·${n - 1}/2` : `${n}·${n - 1}·${n - 2}/6`}.`,
        `This equals ${c}.`,
      ],
    };
  },
];

const FILLER = [
  "Let me re-read the problem to make sure I have the quantities right.",
  "Wait, I should double-check the arithmetic before committing to an answer.",
  "Hmm, another way to see this is to estimate first and compare.",
  "The units are consistent, so no conversion is needed.",
  "Let me verify by plugging the result back into the original statement.",
  "I think the setup is right; now the computation.",
];
const TOPICS = [
  "Number Theory",
  "Geometry",
  "Algebra",
  "Prealgebra",
  "Prealgebra",
  "Counting & Probability",
];
const ROLES = ["Mathematician", "Skeptic", "Engineer", "Teacher", "Statistician"];

/** One problem per row index, independent of the kind: kinds of one run share queries. */
export function problem(seed, index) {
  const r = rng(seed * 1_000_003 + index);
  return { ...TEMPLATES[index % TEMPLATES.length](r), r };
}

function wrongAnswer(answer, r) {
  const n = Number(answer);
  return Number.isFinite(n) ? String(n + r.pick([-2, -1, 1, 3, 10])) : `${answer}1`;
}

/** One agent's answer: an optional <think> block, steps separated by blank lines, a \boxed{}. */
function agentText(p, r, { answer, thinkLines }) {
  const steps = [...p.steps];
  if (answer !== p.answer) steps[steps.length - 1] = `So the result is ${answer}.`;
  const think = [];
  for (let i = 0; i < thinkLines; i++) think.push(r.pick(FILLER));
  const head = thinkLines > 0 ? `<think>\n${think.join("\n")}\n</think>\n\n` : "";
  return `${head}${steps.join("\n\n")}\n\nTherefore, the final answer is $\\boxed{${answer}}$.`;
}

function debate(p, r, thinkLines) {
  const correct = [0, 1, 2, 3, 4].map(() => r() < 0.7);
  const answerOf = (c) => (c ? p.answer : wrongAnswer(p.answer, r));
  const agents = correct.map((c) => agentText(p, r, { answer: answerOf(c), thinkLines }));
  const majority = correct.filter(Boolean).length >= 3;
  const aggregate = agentText(p, r, {
    answer: answerOf(majority),
    thinkLines: Math.min(thinkLines, 3),
  });
  return { agents, aggregate, correct: [...correct, majority] };
}

function datasetRow(p, index) {
  return {
    query: p.query,
    gt: p.answer,
    solutions: [],
    labels: [],
    tag: ["MATH", TOPICS[index % TOPICS.length], `Level ${1 + (index % 5)}`],
    source: "MATH",
  };
}

const tokenStats = (r) => ({
  "Qwen/Qwen3-8B": {
    num_llm_calls: 15,
    prompt_tokens: r.int(8000, 40000),
    completion_tokens: r.int(3000, 20000),
  },
});

export const vllmResponse = (d) =>
  [...d.agents, d.aggregate].map((t, i) => `===== Solution ${i + 1} =====\n${t}\n`).join("");
export const httpResponse = (d) =>
  d.agents.map((t, i) => `Solution ${i + 1}:\n${t}\n`).join("") + `\nSolution 6:\n${d.aggregate}`;

/**
 * The row of `kind` for problem `index` (null where the run has none: the labeled file lacks the
 * queries whose inference raised); `scale` stretches <think> blocks to reach a byte size.
 */
export function row(kind, seed, index, scale = 1) {
  const p = problem(seed, index);
  const r = p.r;
  const thinkLines = Math.round(r.int(2, 8) * scale);
  if (index % 97 === 13 && kind === "labeled") return null; // label.py cannot label an error row
  if (kind === "error" || index % 97 === 13) {
    return {
      ...datasetRow(p, index),
      token_stats: tokenStats(r),
      error:
        'Traceback (most recent call last):\n  File "inference.py", line 24, in process_sample\n    result = mas.inference(sample)\n  File "methods/llm_debate/llm_debate_main.py", line 253, in inference\n    answers = [c[-1]["content"] for c in agent_contexts]\nTypeError: \'NoneType\' object is not subscriptable\n',
    };
  }
  const d = debate(p, r, thinkLines);
  switch (kind) {
    case "infer":
      return { ...datasetRow(p, index), response: vllmResponse(d), token_stats: tokenStats(r) };
    case "infer-http":
      return { ...datasetRow(p, index), response: httpResponse(d), token_stats: tokenStats(r) };
    case "labeled": {
      const texts = [...d.agents, d.aggregate];
      // A judge is not perfect: now and then its verdict differs from the truth.
      const verdicts = d.correct.map((c) => (r() < 0.05 ? !c : c));
      return {
        query: p.query,
        gt: p.answer,
        solutions: texts.map((text, i) => ({
          id: i + 1,
          text: text.trim(),
          is_correct: verdicts[i],
        })),
        labels: verdicts,
        tag: datasetRow(p, index).tag,
        source: "MATH",
      };
    }
    case "trajectory": {
      // A method patched to keep its debate: `response` holds the last round and the aggregate.
      const t = trajectory(p, r, thinkLines);
      const last = t.rounds.at(-1).turns.map((turn) => turn.content);
      return {
        ...datasetRow(p, index),
        response: vllmResponse({ agents: last, aggregate: t.final.content }),
        token_stats: tokenStats(r),
        trajectory: t,
      };
    }
    default:
      throw new Error(`unknown kind ${kind}`);
  }
}

/**
 * 5 agents x 3 rounds; every turn has steps with PRM-style scores in [-1, 1]. In the first round
 * an agent is right, or wrong with the problem's tempting slip (which wrong agents often share),
 * or wrong its own way; from round to round an agent either keeps its answer or takes the one
 * most turns gave in the round before, so the debate converges, not always on the truth. The
 * aggregator takes the last round's most common answer.
 */
function trajectory(p, r, thinkLines) {
  const agents = ROLES.map((role, i) => ({ id: `agent_${i + 1}`, role }));
  const slip = wrongAnswer(p.answer, r);
  let answers = agents.map(() => {
    const x = r();
    return x < 0.6 ? p.answer : x < 0.8 ? slip : wrongAnswer(p.answer, r);
  });
  const rounds = [];
  for (let index = 0; index < 3; index++) {
    if (index > 0) {
      const leading = mostCommon(rounds.at(-1).turns);
      answers = answers.map((a) => (r() < 0.5 ? leading : a));
    }
    const turns = agents.map((a, i) => {
      const answer = answers[i];
      const right = answer === p.answer;
      const content = agentText(p, r, { answer, thinkLines: Math.max(1, thinkLines >> 1) });
      const body = content.replace(/^<think>[\s\S]*?<\/think>\s*/, "");
      const parts = body.split(/\n\s*\n/);
      const steps = parts.map((text, k) => ({
        text,
        score: round2(right || k < parts.length - 2 ? 0.4 + 0.59 * r() : -0.3 - 0.6 * r()),
      }));
      return { agent: a.id, content, answer, steps };
    });
    rounds.push({ index, turns });
  }
  return {
    version: 1,
    agents,
    rounds,
    final: {
      agent: "aggregator",
      content: agentText(p, r, { answer: mostCommon(rounds.at(-1).turns), thinkLines: 1 }),
    },
  };
}

/** The answer most turns give (the first of a tie). */
function mostCommon(turns) {
  const counts = new Map();
  for (const t of turns) counts.set(t.answer, (counts.get(t.answer) ?? 0) + 1);
  return [...counts].reduce((best, e) => (e[1] > best[1] ? e : best))[0];
}

const round2 = (x) => Math.round(x * 100) / 100;

/** The kind of row `index` in a mixed file: mostly debate inference and labeled rows. */
export function mixedKind(index) {
  const k = index % 20;
  if (k < 8) return "infer";
  if (k < 10) return "infer-http";
  if (k < 16) return "labeled";
  return "trajectory";
}

/** Writes rows until `rows` rows or `bytes` bytes; returns {rows, bytes}. */
export function writeFile(
  out,
  { kind = "mixed", rows = Infinity, bytes = Infinity, seed = 1, scale = 1 },
) {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const fd = fs.openSync(out + ".tmp", "w");
  let pending = [];
  let pendingBytes = 0;
  let written = 0;
  let n = 0;
  try {
    while (n < rows && written + pendingBytes < bytes) {
      const value = row(kind === "mixed" ? mixedKind(n) : kind, seed, n, scale);
      n++;
      if (!value) continue;
      // label.py writes ensure_ascii=False; inference.py's json.dump keeps the default.
      const line = pythonDumps(value, !("labels" in value)) + "\n";
      pending.push(line);
      pendingBytes += Buffer.byteLength(line);
      if (pendingBytes > 8 << 20) {
        fs.writeSync(fd, pending.join(""));
        written += pendingBytes;
        pending = [];
        pendingBytes = 0;
      }
    }
    fs.writeSync(fd, pending.join(""));
    written += pendingBytes;
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(out + ".tmp", out);
  return { rows: n, bytes: written };
}

/** Step scores for every solution of a labeled file (its `.step-scores.jsonl` sidecar). */
export function writeStepScores(out, { seed = 1, rows }) {
  const lines = [];
  for (let i = 0; i < rows; i++) {
    const labeled = row("labeled", seed, i);
    if (!labeled) continue;
    const r = rng(seed * 7919 + i);
    for (const s of labeled.solutions) {
      const body = s.text.replace(/^<think>[\s\S]*?<\/think>\s*/, "");
      const n = body.split(/\n\s*\n/).filter((t) => t.trim()).length;
      const scores = Array.from({ length: n }, (_, k) =>
        round2(s.is_correct || k < n - 2 ? 0.3 + 0.69 * r() : -0.2 - 0.7 * r()),
      );
      lines.push(
        JSON.stringify({
          query: labeled.query,
          solution_id: s.id,
          separator: "\n\n",
          scores,
          model: "ckpt/prm-qwen3-8b",
        }),
      );
    }
  }
  fs.writeFileSync(out, lines.join("\n") + "\n");
}

function writeSamples(root) {
  const dir = path.join(root, "samples", "workspace", "results", "MATH", "Qwen", "Qwen3-8B");
  const rows = 36;
  const seed = 7;
  writeFile(path.join(dir, "llm_debate_infer.jsonl"), { kind: "infer", rows, seed });
  writeFile(path.join(dir, "llm_debate_http_infer.jsonl"), { kind: "infer-http", rows, seed });
  const labeled = path.join(dir, "llm_debate_infer_labeled_by_Qwen2.5-72B-Instruct.jsonl");
  writeFile(labeled, { kind: "labeled", rows, seed });
  writeStepScores(labeled.replace(/\.jsonl$/, ".step-scores.jsonl"), { rows, seed });
  writeFile(path.join(dir, "llm_debate_trajectory_infer.jsonl"), {
    kind: "trajectory",
    rows: 24,
    seed,
  });
  return dir;
}

function parseSize(s) {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]i?b?)?$/i.exec(s);
  if (!m) throw new Error(`bad size: ${s}`);
  const unit = (m[2] ?? "").toLowerCase()[0];
  return Math.round(
    Number(m[1]) * (unit === "k" ? 1024 : unit === "m" ? 1 << 20 : unit === "g" ? 1 << 30 : 1),
  );
}
export { parseSize };

function main(argv) {
  const arg = (name) => {
    const hit = argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
    if (!hit) return undefined;
    return hit.includes("=") ? hit.slice(hit.indexOf("=") + 1) : argv[argv.indexOf(hit) + 1];
  };
  if (argv.includes("--samples")) {
    const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
    console.log(`wrote ${writeSamples(root)}`);
    return;
  }
  const out = arg("out");
  if (!out)
    throw new Error(
      "usage: generate-results.mjs --out <file> [--kind K] [--rows N | --size S] [--seed N]",
    );
  const size = arg("size");
  const result = writeFile(out, {
    kind: arg("kind") ?? "mixed",
    rows: arg("rows") ? Number(arg("rows")) : Infinity,
    bytes: size ? parseSize(size) : arg("rows") ? Infinity : 1 << 20,
    seed: Number(arg("seed") ?? 1),
  });
  console.log(`wrote ${out}: ${result.rows} rows, ${result.bytes} bytes`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]))
  main(process.argv.slice(2));
