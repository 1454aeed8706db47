import type { RecordView, Round, Solution, Step, StepLabel } from "../../../schemas/src/records";

/**
 * Deterministic, realistic records for the fake host, tests and benchmarks: record `line` is a
 * pure function of `line` and the shape, so a million of them need no memory until asked for.
 */
export interface RecordShape {
  agents: number;
  /** 0 = no debate rounds (an inference or labeled row). */
  rounds: number;
  steps: number;
}

function rng(seed: number): () => number {
  let a = (seed * 2654435761) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PROBLEMS: readonly ((a: number, b: number) => { q: string; answer: string })[] = [
  (a, b) => ({
    q: `Let $f(x) = ${a}x^2 + ${b}x - 7$. Find the sum of the roots of $f(x) = 0$, written as a fraction in lowest terms.`,
    answer: `-\\frac{${b}}{${a}}`,
  }),
  (a, b) => ({
    q: `A train travels **${a * 10} km** in ${b} hours, then ${a * 5} km in ${b + 1} hours. What is its average speed over the whole trip, in km/h?\n\nGive the answer as a decimal.`,
    answer: ((a * 15) / (2 * b + 1)).toFixed(2),
  }),
  (a, b) => ({
    q: `How many positive integers $n \\le ${a * 100}$ satisfy $n \\equiv ${b % 7} \\pmod{7}$?`,
    answer: String(Math.floor((a * 100 - (b % 7)) / 7) + (b % 7 === 0 ? 0 : 1)),
  }),
  (a, b) => ({
    q: `Evaluate $$\\int_0^{${a}} (${b}t + 1)\\,dt.$$`,
    answer: String((b * a * a) / 2 + a),
  }),
];

const STEP_TEXTS: readonly string[] = [
  "First, recall that for $ax^2 + bx + c = 0$ the sum of the roots is $-\\frac{b}{a}$.",
  "We substitute the given values into the expression.",
  "Simplifying, we get $\\frac{{n}}{{m}}$, which is already in lowest terms.",
  "Let us double-check by computing the discriminant $\\Delta = b^2 - 4ac$.",
  "The total distance is the sum of both legs, and the total time is the sum of both durations.",
  "Dividing distance by time: $v = \\frac{d}{t}$.",
  "Counting the residues: every block of 7 consecutive integers contains exactly one such $n$.",
  "We apply the power rule: $\\int t\\,dt = \\frac{t^2}{2}$.",
  "Evaluating at the bounds gives the final value.",
  "Wait, I should re-check the arithmetic in the previous step.",
];

function answerVariant(answer: string, r: () => number): string {
  if (r() < 0.6) return answer;
  const n = Number(answer);
  return Number.isFinite(n) ? String(n + 1 + Math.floor(r() * 3)) : `${answer}+1`;
}

function makeSteps(r: () => number, n: number, labeled: boolean, good: boolean): Step[] {
  const steps: Step[] = [];
  const labels: StepLabel[] = [1, 1, 1, 0, -1, "unsure"];
  for (let i = 0; i < n; i++) {
    const base = good ? 0.7 : 0.45;
    const score = Math.max(-1, Math.min(1, base + (r() - 0.5) * 0.8 - (good ? 0 : (1.2 * i) / n)));
    const text = (STEP_TEXTS[Math.floor(r() * STEP_TEXTS.length)] ?? "")
      .replace("{n}", String(1 + Math.floor(r() * 9)))
      .replace("{m}", String(10 + Math.floor(r() * 9)));
    steps.push({
      text: `${text} (step ${i + 1})`,
      score: r() < 0.9 ? Math.round(score * 100) / 100 : null,
      label: labeled && r() < 0.5 ? (labels[Math.floor(r() * labels.length)] ?? null) : null,
    });
  }
  return steps;
}

export function makeRecord(line: number, shape: RecordShape): RecordView {
  const r = rng(line + 1);
  const a = 2 + Math.floor(r() * 8);
  const b = 1 + Math.floor(r() * 9);
  const problem = PROBLEMS[line % PROBLEMS.length] ?? PROBLEMS[0]!;
  const { q, answer } = problem(a, b);
  // Every seventh record lost its last agent (its calls failed), so the agent filter has work.
  const agents = line % 7 === 6 && shape.agents > 1 ? shape.agents - 1 : shape.agents;
  const agentIds = Array.from({ length: agents }, (_, i) => `agent ${i + 1}`);
  const rounds: Round[] | null =
    shape.rounds > 0
      ? Array.from({ length: shape.rounds }, (_, ri) => ({
          index: ri,
          turns: agentIds.map((agent) => {
            const ans = ri === shape.rounds - 1 && r() < 0.7 ? answer : answerVariant(answer, r);
            const steps = makeSteps(r, shape.steps, false, ans === answer);
            return {
              agent,
              round: ri,
              text:
                steps.map((s) => s.text).join("\n\n") + `\n\nSo the answer is $\\boxed{${ans}}$.`,
              answer: ans,
              steps,
            };
          }),
        }))
      : null;
  const labeledRow = r() < 0.5;
  const solutions: Solution[] = agentIds.map((agent, i) => {
    const lastTurn = rounds?.at(-1)?.turns[i];
    const final = lastTurn?.answer ?? answerVariant(answer, r);
    const good = final === answer;
    const steps = lastTurn?.steps ?? makeSteps(r, shape.steps, labeledRow, good);
    const verdictRoll = r();
    return {
      id: i + 1,
      agent,
      text: steps.map((s) => s.text).join("\n\n") + `\n\nThe answer is $\\boxed{${final}}$.`,
      finalAnswer: final,
      isCorrect: verdictRoll < 0.15 ? null : verdictRoll < 0.9 ? good : !good,
      steps,
      think:
        r() < 0.4
          ? [`Hmm, let me think about ${agent}'s approach.\n\nMaybe try $x = ${a}$ first.`]
          : [],
      note: null,
    };
  });
  const error = r() < 0.03 ? "TimeoutError: vLLM request timed out after 600s" : null;
  return {
    line,
    // A labeled row takes verdict changes; the others show verdicts as joined from a labeled
    // file (read-only). Labeled rows keep rounds here so the UI's views meet in one record.
    kind: labeledRow ? "labeled" : rounds ? "trajectory" : "infer",
    query: q,
    gt: answer,
    finalResponse: `After discussion, the agents agree: $\\boxed{${answer}}$.`,
    error,
    tokenStats: {
      total: { prompt: 500 + Math.floor(r() * 900), completion: 2000 + Math.floor(r() * 4000) },
    },
    solutions,
    rounds,
    tag: null,
    source: "math500",
    note: null,
    malformed: null,
  };
}

/**
 * Hostile record text: each item tries one way to run script or load a URL. Nothing of it may
 * execute or leave the page (test/e2e/webview-security.test.ts).
 */
export const XSS_CORPUS: readonly string[] = [
  `<script>window.__pwned = "script"</script>`,
  `<img src=x onerror="window.__pwned='img'">`,
  `[click me](javascript:window.__pwned='link')`,
  `<a href="javascript:window.__pwned='a'">raw link</a>`,
  `<svg onload="window.__pwned='svg'"><circle r="5"/></svg>`,
  `$\\href{javascript:window.__pwned='katex'}{x}$ and $\\url{javascript:alert(1)}$`,
  `<iframe src="javascript:window.__pwned='iframe'"></iframe>`,
  `<div style="background:url(https://example.invalid/x.png)">css url</div>`,
  `![remote](https://example.invalid/pixel.png)`,
  `<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned='mxss'"></style></mglyph></table></mtext></math>`,
  `<form action="https://example.invalid"><button>go</button></form>`,
  `[ok](https://example.com/safe) <details open ontoggle="window.__pwned='details'">x</details>`,
  `$\\htmlStyle{background:url(https://example.invalid/k.png)}{x}$ $\\includegraphics{https://example.invalid/i.png}$`,
];

export function makeXssRecord(line: number): RecordView {
  const base = makeRecord(line, { agents: 2, rounds: 2, steps: 3 });
  const hostile = XSS_CORPUS.join("\n\n");
  return {
    ...base,
    query: hostile,
    gt: XSS_CORPUS[0] ?? null,
    finalResponse: hostile,
    error: XSS_CORPUS[1] ?? null,
    solutions: base.solutions.map((s) => ({
      ...s,
      agent: `<img src=x onerror="window.__pwned='agent'">`,
      finalAnswer: XSS_CORPUS[4] ?? null,
      steps: XSS_CORPUS.map((text) => ({ text, score: -0.5, label: null })),
      think: [hostile],
    })),
    rounds: (base.rounds ?? []).map((round) => ({
      ...round,
      turns: round.turns.map((t) => ({ ...t, answer: XSS_CORPUS[5] ?? null, text: hostile })),
    })),
  };
}
