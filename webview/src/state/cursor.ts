import type { RecordView } from "../../../schemas/src/records";

/**
 * Where the person is inside the open record. Cards, tree and debate grid all render from this
 * one value, so they cannot disagree.
 */
export interface Cursor {
  /** Index into `record.solutions`. */
  solution: number;
  /** Index into that solution's steps; -1 = the solution itself. */
  step: number;
  /** An open debate turn (round position in `record.rounds`, agent id), or null. */
  turn: { round: number; agent: string } | null;
}

export const START: Cursor = { solution: 0, step: -1, turn: null };

function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, n));
}

export function moveSolution(record: RecordView, c: Cursor, delta: number): Cursor {
  const n = record.solutions.length;
  if (n === 0) return c;
  return { ...c, solution: clamp(c.solution + delta, 0, n - 1), step: -1 };
}

export function moveStep(record: RecordView, c: Cursor, delta: number): Cursor {
  const solution = record.solutions[c.solution];
  if (!solution || solution.steps.length === 0) return c;
  return { ...c, step: clamp(c.step + delta, -1, solution.steps.length - 1) };
}

/** After a step label: the next step, so a person can label a solution key after key. */
export function advanceAfterLabel(record: RecordView, c: Cursor): Cursor {
  const solution = record.solutions[c.solution];
  if (!solution) return c;
  return c.step < solution.steps.length - 1 ? { ...c, step: c.step + 1 } : c;
}

/** Keeps a cursor valid for a (re-sent) record. */
export function fitCursor(record: RecordView, c: Cursor): Cursor {
  const n = record.solutions.length;
  const solution = n === 0 ? 0 : clamp(c.solution, 0, n - 1);
  const steps = record.solutions[solution]?.steps.length ?? 0;
  return { ...c, solution, step: clamp(c.step, -1, steps - 1) };
}
