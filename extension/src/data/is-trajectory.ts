import type { Trajectory } from "../../../schemas/src/records/trajectory";

/**
 * `Trajectory.safeParse(value).success`, written out by hand: label statistics check every
 * trajectory row of a file, and zod's generic walk cost more than parsing the row. A unit test
 * holds the two to the same answers; change both together.
 */
export function isTrajectory(value: unknown): value is Trajectory {
  if (!isObject(value) || value.version !== 1) return false;
  if (!Array.isArray(value.agents) || !Array.isArray(value.rounds)) return false;
  for (const agent of value.agents as unknown[])
    if (!isObject(agent) || !isString(agent.id) || !optional(agent.role, isString)) return false;
  for (const round of value.rounds as unknown[]) {
    if (!isObject(round) || !isNumber(round.index) || !Array.isArray(round.turns)) return false;
    for (const turn of round.turns as unknown[]) if (!isTurn(turn)) return false;
  }
  if (value.final === undefined) return true;
  return (
    isObject(value.final) && isString(value.final.content) && optional(value.final.agent, isString)
  );
}

function isTurn(turn: unknown): boolean {
  if (!isObject(turn) || !isString(turn.agent) || !isString(turn.content)) return false;
  if (!optional(turn.answer, (a) => a === null || isString(a))) return false;
  if (turn.steps === undefined) return true;
  if (!Array.isArray(turn.steps)) return false;
  for (const step of turn.steps as unknown[]) {
    if (!isObject(step) || !isString(step.text)) return false;
    if (!optional(step.score, (s) => s === null || isNumber(s))) return false;
  }
  return true;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const isString = (value: unknown): value is string => typeof value === "string";
// zod 4's z.number() refuses NaN and ±Infinity.
const isNumber = (value: unknown): value is number => Number.isFinite(value);

function optional(value: unknown, check: (value: unknown) => boolean): boolean {
  return value === undefined || check(value);
}
