import * as z from "zod/mini";

/**
 * The native trajectory record: what a method patched to keep its debate writes under a
 * `trajectory` key of its inference row (AgentArk merges any dict a method returns into the row,
 * `inference.py:24,132`). AgentArk's own readers ignore the key.
 *
 * ```json
 * {"query": "...", "gt": "42", "response": "...",
 *  "trajectory": {"version": 1,
 *    "agents": [{"id": "a1", "role": "Mathematician"}, {"id": "a2"}],
 *    "rounds": [{"index": 0, "turns": [{"agent": "a1", "content": "...", "answer": "42",
 *                                       "steps": [{"text": "...", "score": 0.91}]}]}],
 *    "final": {"agent": "aggregator", "content": "... \\boxed{42}"}}}
 * ```
 */
export const TrajectoryStep = z.object({
  text: z.string(),
  score: z.optional(z.nullable(z.number())),
});

export const TrajectoryTurn = z.object({
  agent: z.string(),
  content: z.string(),
  answer: z.optional(z.nullable(z.string())),
  steps: z.optional(z.array(TrajectoryStep)),
});

export const Trajectory = z.object({
  version: z.literal(1),
  agents: z.array(z.object({ id: z.string(), role: z.optional(z.string()) })),
  rounds: z.array(z.object({ index: z.number(), turns: z.array(TrajectoryTurn) })),
  final: z.optional(z.object({ agent: z.optional(z.string()), content: z.string() })),
});
export type Trajectory = z.infer<typeof Trajectory>;
