import { describe, expect, it } from "vitest";
import { isTrajectory } from "../../../extension/src/data/is-trajectory";
import { Trajectory } from "../../../schemas/src/records/trajectory";

const turn = {
  agent: "a1",
  content: "c",
  answer: "1",
  steps: [{ text: "s", score: 0.5 }, { text: "t" }],
};
const valid = {
  version: 1,
  agents: [{ id: "a1", role: "r" }, { id: "a2" }],
  rounds: [{ index: 0, turns: [turn, { agent: "a2", content: "c", answer: null }] }],
  final: { agent: "agg", content: "f" },
};
const withTurn = (t: unknown) => ({ ...valid, rounds: [{ index: 0, turns: [t] }] });
const withStep = (s: unknown) => withTurn({ ...turn, steps: [s] });
const { final: _final, ...noFinal } = valid;
const { agents: _agents, ...noAgents } = valid;
const { rounds: _rounds, ...noRounds } = valid;

/** Every way to break one field, and a few ways that are still valid. */
const cases: [string, unknown][] = [
  ["as is", valid],
  ["version 2", { ...valid, version: 2 }],
  ["version '1'", { ...valid, version: "1" }],
  ["no agents", noAgents],
  ["agents not a list", { ...valid, agents: {} }],
  ["agent id a number", { ...valid, agents: [{ id: 1 }] }],
  ["agent role null", { ...valid, agents: [{ id: "a", role: null }] }],
  ["agent a string", { ...valid, agents: ["a2"] }],
  ["no rounds", noRounds],
  ["round index NaN", { ...valid, rounds: [{ index: NaN, turns: [] }] }],
  ["round index Infinity", { ...valid, rounds: [{ index: Infinity, turns: [] }] }],
  ["round index a string", { ...valid, rounds: [{ index: "0", turns: [] }] }],
  ["round without turns", { ...valid, rounds: [{ index: 0 }] }],
  ["turn content missing", withTurn({ agent: "a1" })],
  ["turn agent null", withTurn({ agent: null, content: "c" })],
  ["turn answer a number", withTurn({ ...turn, answer: 1 })],
  ["turn without answer or steps", withTurn({ agent: "a1", content: "c" })],
  ["steps null", withTurn({ ...turn, steps: null })],
  ["step without text", withStep({ score: 0.5 })],
  ["step score a string", withStep({ text: "s", score: "0.5" })],
  ["step score -Infinity", withStep({ text: "s", score: -Infinity })],
  ["step score null", withStep({ text: "s", score: null })],
  ["no final", noFinal],
  ["final null", { ...valid, final: null }],
  ["final without content", { ...valid, final: { agent: "x" } }],
  ["final agent a number", { ...valid, final: { agent: 3, content: "f" } }],
  ["extra keys", { ...valid, extra: 1, rounds: [{ index: 0, turns: [{ ...turn, more: [1] }] }] }],
  ["a list", [valid]],
  ["null", null],
  ["a number", 1],
];

describe("isTrajectory", () => {
  it.each(cases)("agrees with Trajectory.safeParse: %s", (_name, value) => {
    expect(isTrajectory(value)).toBe(Trajectory.safeParse(value).success);
  });

  it("accepts the valid trajectory and refuses a broken one (the cases can fail)", () => {
    expect(isTrajectory(valid)).toBe(true);
    expect(isTrajectory({ ...valid, version: 2 })).toBe(false);
  });
});
