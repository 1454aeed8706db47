import type { RecordView } from "../../../schemas/src/records";
import type { StatsPayload } from "../../../schemas/src/webview-protocol";
import { allSteps } from "./record-summary";

export const HISTOGRAM_BINS = 20;

type Verdicts = { correct: number; incorrect: number; unlabeled: number };
const empty = (): Verdicts => ({ correct: 0, incorrect: 0, unlabeled: 0 });
const count = (v: Verdicts, isCorrect: boolean | null) => {
  if (isCorrect === true) v.correct++;
  else if (isCorrect === false) v.incorrect++;
  else v.unlabeled++;
};

/** A judge and a human verdict for one reviewed solution. */
export interface ReviewedVerdict {
  readonly solutionId: number;
  readonly judge: boolean;
  readonly human: boolean;
}

/** Accumulates the stats view's figures over records, one at a time (any file size). */
export class CurationStats {
  private records = 0;
  private readonly perAgent = new Map<string, Verdicts>();
  private readonly perSolutionId = new Map<number, Verdicts>();
  private solutionsLabeled = 0;
  private solutionsTotal = 0;
  private stepsLabeled = 0;
  private stepsTotal = 0;
  private readonly histogram = new Array<number>(HISTOGRAM_BINS).fill(0);
  private readonly changes = new Map<number, { changed: number; unchanged: number }>();
  private readonly agreement: [[number, number], [number, number]] = [
    [0, 0],
    [0, 0],
  ];

  add(record: RecordView, reviewed: readonly ReviewedVerdict[] = []): void {
    this.records++;
    for (const s of record.solutions) {
      const agent = s.agent ?? `solution ${s.id}`;
      if (!this.perAgent.has(agent)) this.perAgent.set(agent, empty());
      if (!this.perSolutionId.has(s.id)) this.perSolutionId.set(s.id, empty());
      count(this.perAgent.get(agent)!, s.isCorrect);
      count(this.perSolutionId.get(s.id)!, s.isCorrect);
      this.solutionsTotal++;
      if (s.isCorrect !== null) this.solutionsLabeled++;
      this.stepsTotal += s.steps.length;
      this.stepsLabeled += s.steps.filter((x) => x.label !== null).length;
    }
    for (const step of allSteps(record)) {
      if (step.score === null) continue;
      const bin = Math.floor(((Math.max(-1, Math.min(1, step.score)) + 1) / 2) * HISTOGRAM_BINS);
      this.histogram[Math.min(bin, HISTOGRAM_BINS - 1)]!++;
    }
    this.addAnswerChanges(record);
    for (const r of reviewed) this.agreement[r.judge ? 1 : 0][r.human ? 1 : 0]++;
  }

  private addAnswerChanges(record: RecordView): void {
    const rounds = record.rounds ?? [];
    for (let i = 1; i < rounds.length; i++) {
      const before = new Map(rounds[i - 1]!.turns.map((t) => [t.agent, t.answer]));
      const tally = this.changes.get(i - 1) ?? { changed: 0, unchanged: 0 };
      for (const turn of rounds[i]!.turns) {
        if (!before.has(turn.agent)) continue;
        if (normalize(before.get(turn.agent)) === normalize(turn.answer)) tally.unchanged++;
        else tally.changed++;
      }
      this.changes.set(i - 1, tally);
    }
  }

  result(complete: boolean): StatsPayload {
    return {
      records: this.records,
      complete,
      stepFigures: true,
      perAgent: [...this.perAgent].map(([agent, v]) => ({ agent, ...v })),
      perSolutionId: [...this.perSolutionId]
        .sort((a, b) => a[0] - b[0])
        .map(([solutionId, v]) => ({ solutionId, ...v })),
      labelProgress: {
        solutionsLabeled: this.solutionsLabeled,
        solutionsTotal: this.solutionsTotal,
        stepsLabeled: this.stepsLabeled,
        stepsTotal: this.stepsTotal,
      },
      prmHistogram: [...this.histogram],
      answerChanges: [...this.changes]
        .sort((a, b) => a[0] - b[0])
        .map(([fromRound, t]) => ({ fromRound, ...t })),
      agreement: [
        [this.agreement[0][0], this.agreement[0][1]],
        [this.agreement[1][0], this.agreement[1][1]],
      ],
    };
  }
}

/**
 * One payload from the payloads of consecutive parts of a file, in file order: the same figures
 * as one CurationStats over the whole (agents listed in order of first appearance).
 */
export function mergeStatsPayloads(parts: readonly StatsPayload[]): StatsPayload {
  const perAgent = new Map<string, Verdicts>();
  const perSolutionId = new Map<number, Verdicts>();
  const changes = new Map<number, { changed: number; unchanged: number }>();
  const out: StatsPayload = {
    records: 0,
    complete: parts.every((p) => p.complete),
    stepFigures: parts.every((p) => p.stepFigures),
    perAgent: [],
    perSolutionId: [],
    labelProgress: { solutionsLabeled: 0, solutionsTotal: 0, stepsLabeled: 0, stepsTotal: 0 },
    prmHistogram: new Array<number>(HISTOGRAM_BINS).fill(0),
    answerChanges: [],
    agreement: [
      [0, 0],
      [0, 0],
    ],
  };
  const addVerdicts = <K>(into: Map<K, Verdicts>, key: K, v: Verdicts) => {
    const t = into.get(key) ?? empty();
    t.correct += v.correct;
    t.incorrect += v.incorrect;
    t.unlabeled += v.unlabeled;
    into.set(key, t);
  };
  for (const part of parts) {
    out.records += part.records;
    for (const { agent, ...v } of part.perAgent) addVerdicts(perAgent, agent, v);
    for (const { solutionId, ...v } of part.perSolutionId)
      addVerdicts(perSolutionId, solutionId, v);
    const p = part.labelProgress;
    out.labelProgress.solutionsLabeled += p.solutionsLabeled;
    out.labelProgress.solutionsTotal += p.solutionsTotal;
    out.labelProgress.stepsLabeled += p.stepsLabeled;
    out.labelProgress.stepsTotal += p.stepsTotal;
    part.prmHistogram.forEach((n, i) => (out.prmHistogram[i] = (out.prmHistogram[i] ?? 0) + n));
    for (const { fromRound, changed, unchanged } of part.answerChanges) {
      const t = changes.get(fromRound) ?? { changed: 0, unchanged: 0 };
      t.changed += changed;
      t.unchanged += unchanged;
      changes.set(fromRound, t);
    }
    for (const j of [0, 1] as const)
      for (const h of [0, 1] as const) out.agreement[j][h] += part.agreement[j]?.[h] ?? 0;
  }
  out.perAgent = [...perAgent].map(([agent, v]) => ({ agent, ...v }));
  out.perSolutionId = [...perSolutionId]
    .sort((a, b) => a[0] - b[0])
    .map(([solutionId, v]) => ({ solutionId, ...v }));
  out.answerChanges = [...changes]
    .sort((a, b) => a[0] - b[0])
    .map(([fromRound, t]) => ({ fromRound, ...t }));
  return out;
}

function normalize(answer: string | null | undefined): string {
  return (answer ?? "").replace(/\s+/g, " ").trim();
}

/** Cohen's kappa of a 2×2 agreement table `[judge][human]`; null when it is undefined. */
export function cohenKappa(table: readonly (readonly number[])[]): number | null {
  const a = table[0]?.[0] ?? 0,
    b = table[0]?.[1] ?? 0,
    c = table[1]?.[0] ?? 0,
    d = table[1]?.[1] ?? 0;
  const n = a + b + c + d;
  if (n === 0) return null;
  const observed = (a + d) / n;
  const expected = ((a + b) * (a + c) + (c + d) * (b + d)) / (n * n);
  return expected === 1 ? null : (observed - expected) / (1 - expected);
}
