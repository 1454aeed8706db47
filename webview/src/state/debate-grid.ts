import type { RecordView, Turn } from "../../../schemas/src/records";

export interface GridCell {
  agent: string;
  round: number;
  turn: Turn | null;
  answer: string | null;
  /** The agent's answer differs from its answer in the previous round. */
  changed: boolean;
  /** The answer equals the round's consensus (the majority answer, when there is one). */
  consensus: boolean;
}

export interface DebateGrid {
  agents: string[];
  rounds: number[];
  /** `cells[a][r]` for agent index a and round position r. */
  cells: GridCell[][];
  /** Per round: the majority answer when more than half the agents give it, else null. */
  consensus: (string | null)[];
}

/** Compares answers the way a reader would: `\boxed{ 42 }` and `42` are the same answer. */
export function normalizeAnswer(answer: string | null): string | null {
  if (answer === null) return null;
  let a = answer.trim();
  const boxed = /^\\boxed\{([\s\S]*)\}$/.exec(a);
  if (boxed?.[1] !== undefined) a = boxed[1];
  a = a
    .replace(/\s+/g, "")
    .replace(/\.$/, "")
    .replace(/^\$+|\$+$/g, "");
  return a === "" ? null : a.toLowerCase();
}

export function buildDebateGrid(record: RecordView): DebateGrid | null {
  const rounds = record.rounds;
  if (!rounds || rounds.length === 0) return null;
  const agents: string[] = [];
  for (const r of rounds)
    for (const t of r.turns) if (!agents.includes(t.agent)) agents.push(t.agent);
  const consensus = rounds.map((r) => {
    const counts = new Map<string, number>();
    for (const t of r.turns) {
      const a = normalizeAnswer(t.answer);
      if (a !== null) counts.set(a, (counts.get(a) ?? 0) + 1);
    }
    let best: string | null = null;
    let bestCount = 0;
    for (const [a, c] of counts) if (c > bestCount) [best, bestCount] = [a, c];
    return bestCount * 2 > agents.length ? best : null;
  });
  const cells = agents.map((agent) => {
    let previous: string | null | undefined;
    return rounds.map((r, ri) => {
      const turn = r.turns.find((t) => t.agent === agent) ?? null;
      const norm = normalizeAnswer(turn?.answer ?? null);
      const changed =
        previous !== undefined && norm !== null && previous !== null && norm !== previous;
      if (turn) previous = norm;
      return {
        agent,
        round: r.index,
        turn,
        answer: turn?.answer ?? null,
        changed,
        consensus: norm !== null && norm === consensus[ri],
      };
    });
  });
  return { agents, rounds: rounds.map((r) => r.index), cells, consensus };
}
