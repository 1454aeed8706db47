import type { RecordView, Round, Solution } from "../../../../schemas/src/records/index";
import type { Trajectory } from "../../../../schemas/src/records/trajectory";
import { boxedAnswer } from "../boxed-answer";
import { splitSteps } from "../split-steps";
import { splitThink } from "../think-blocks";
import { buildSolution, type ParseOptions } from "./build-solution";
import { asText, commonFields, curationOf, tokenStatsOf, type Row } from "./row-fields";

/**
 * A row with a native `trajectory` (schemas/src/records/trajectory.ts). Every turn of every round
 * is kept. Solutions are each agent's last turn, numbered 1..n in the order of `agents` (agents
 * that only appear in turns follow), then `final` as n+1: for llm_debate's 5 agents that is the
 * numbering label.py gives the same row's `response`, so labels join by id.
 */
export function adaptTrajectory(
  row: Row,
  trajectory: Trajectory,
  line: number,
  options: ParseOptions,
): RecordView {
  const base = commonFields(row, line);
  const curation = curationOf(row);
  // Turns take no labels (solutions do, in buildSolution): the row's separator or the setting.
  const separator = curation.separator ?? options.separator;
  const rounds: Round[] = trajectory.rounds.map((r) => ({
    index: r.index,
    turns: r.turns.map((t) => {
      const text = splitThink(t.content).text;
      return {
        agent: t.agent,
        round: r.index,
        text: t.content,
        answer: t.answer ?? boxedAnswer(text),
        steps: t.steps?.length
          ? t.steps.map((s) => ({ text: s.text, score: s.score ?? null, label: null }))
          : splitSteps(text, separator).map((s) => ({ text: s, score: null, label: null })),
      };
    }),
  }));
  const solutions: Solution[] = finalTurns(trajectory).map(({ agent, turn }, i) =>
    buildSolution(
      {
        query: base.query,
        id: i + 1,
        agent,
        raw: turn.content,
        isCorrect: null,
        curation,
        steps: turn.steps,
      },
      options,
    ),
  );
  if (trajectory.final) {
    const id = solutions.length + 1;
    const agent = trajectory.final.agent ?? "aggregator";
    const raw = trajectory.final.content;
    solutions.push(
      buildSolution({ query: base.query, id, agent, raw, isCorrect: null, curation }, options),
    );
  }
  return {
    ...base,
    kind: "trajectory",
    finalResponse: trajectory.final ? (solutions.at(-1)?.text ?? null) : null,
    error: asText(row.error),
    tokenStats: tokenStatsOf(row),
    solutions,
    rounds,
  };
}

type TrajectoryTurn = Trajectory["rounds"][number]["turns"][number];

/** Each agent's last turn, agents in the order `agents` lists them, then the others seen. */
export function finalTurns(trajectory: Trajectory): { agent: string; turn: TrajectoryTurn }[] {
  const last = new Map<string, TrajectoryTurn>();
  const rounds = [...trajectory.rounds].sort((a, b) => a.index - b.index);
  for (const round of rounds) for (const turn of round.turns) last.set(turn.agent, turn);
  const order = [...trajectory.agents.map((a) => a.id), ...last.keys()];
  const out: { agent: string; turn: TrajectoryTurn }[] = [];
  const seen = new Set<string>();
  for (const agent of order) {
    const turn = last.get(agent);
    if (turn && !seen.has(agent)) {
      seen.add(agent);
      out.push({ agent, turn });
    }
  }
  return out;
}
