import type { Round, Turn } from "../../../schemas/src/records/record-view";
import { boxedAnswer } from "./boxed-answer";
import { splitSteps } from "./split-steps";

export const CAMEL_START = "Original idea prompt:";
const PROMPTS =
  /^Original idea prompt:(.*)\n(?:Specified task prompt:([\s\S]*?)(?=\n(?:User|Critic|Assistant) Message:\n|$))?/;
const BLOCK = /^(User|Critic|Assistant) Message:\n/gm;

/** The rounds of a camel transcript, and its last assistant message. */
export interface CamelTranscript {
  rounds: Round[];
  lastAssistant: string | null;
}

/**
 * Reads camel's `response` (agentark-reference.md §3.2): the two prompt lines become round 0
 * (turns `original idea` and `task specifier`); then each `User Message:` block opens a new round
 * holding the user's, the critic's and the assistant's turns, in order.
 */
export function parseCamelTranscript(response: string, separator?: string): CamelTranscript {
  const prompts = PROMPTS.exec(response);
  const intro: Turn[] = [];
  if (prompts) {
    intro.push(turn("original idea", 0, prompts[1] ?? "", separator));
    if (prompts[2] !== undefined) intro.push(turn("task specifier", 0, prompts[2], separator));
  }
  const rounds: Round[] = intro.length ? [{ index: 0, turns: intro }] : [];
  const blocks = [...response.matchAll(BLOCK)];
  let lastAssistant: string | null = null;
  blocks.forEach((m, k) => {
    const role = (m[1] ?? "").toLowerCase();
    const next = blocks[k + 1];
    const text = response.slice(m.index + m[0].length, next ? next.index : undefined).trim();
    if (role === "user" || rounds.length === 0) rounds.push({ index: rounds.length, turns: [] });
    const round = rounds[rounds.length - 1];
    round?.turns.push(turn(role, round.index, text, separator));
    if (role === "assistant") lastAssistant = text;
  });
  return { rounds, lastAssistant };
}

function turn(agent: string, round: number, text: string, separator?: string): Turn {
  const body = text.trim();
  return {
    agent,
    round,
    text: body,
    answer: boxedAnswer(body),
    steps: splitSteps(body, separator).map((t) => ({ text: t, score: null, label: null })),
  };
}
