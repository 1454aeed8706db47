// zod/mini: these types cross into the extension bundle and the webview.
import * as z from "zod/mini";

/** PRM800K step labels: -1 wrong, 0 neutral, +1 right, or unsure; null = not labelled. */
export const StepLabel = z.nullable(
  z.union([z.literal(-1), z.literal(0), z.literal(1), z.literal("unsure")]),
);
export type StepLabel = z.infer<typeof StepLabel>;

export const Step = z.object({
  text: z.string(),
  /** PRM score in [-1, 1] (p(correct) - p(incorrect) at the step's end), when known. */
  score: z.nullable(z.number()),
  label: StepLabel,
});
export type Step = z.infer<typeof Step>;

/** One agent's (or the aggregator's) solution to the query. */
export const Solution = z.object({
  /** `solutions[].id` in labeled rows; the `Solution k` number (1-based) in inference rows. */
  id: z.number(),
  /** Agent name when known (`agent 3`, `aggregator`, a trajectory agent id). */
  agent: z.nullable(z.string()),
  text: z.string(),
  /** The last `\boxed{...}` or the final answer line, when one can be found. */
  finalAnswer: z.nullable(z.string()),
  /** Judge or human verdict; null = unlabeled. */
  isCorrect: z.nullable(z.boolean()),
  /**
   * The judge's verdict, when a person has since changed it to the one in `isCorrect` (from the
   * audit trail and the unsaved edits). Set by the curation editor, not by the record parser.
   */
  judgeVerdict: z.optional(z.boolean()),
  steps: z.array(Step),
  /** `<think>...</think>` blocks, removed from `text` and kept here. */
  think: z.array(z.string()),
  note: z.nullable(z.string()),
});
export type Solution = z.infer<typeof Solution>;

export const Turn = z.object({
  agent: z.string(),
  round: z.number(),
  text: z.string(),
  answer: z.nullable(z.string()),
  steps: z.array(Step),
});
export type Turn = z.infer<typeof Turn>;

export const Round = z.object({ index: z.number(), turns: z.array(Turn) });
export type Round = z.infer<typeof Round>;

export const RecordKind = z.enum(["infer", "labeled", "trajectory", "unknown"]);
export type RecordKind = z.infer<typeof RecordKind>;

/** One line of a result file, normalized for display (design.md "Record model"). */
export const RecordView = z.object({
  /** 0-based line number in the file. */
  line: z.number(),
  kind: RecordKind,
  query: z.string(),
  gt: z.nullable(z.string()),
  /** The method's final answer (the aggregator's in llm_debate), when there is one. */
  finalResponse: z.nullable(z.string()),
  error: z.nullable(z.string()),
  tokenStats: z.nullable(z.record(z.string(), z.record(z.string(), z.number()))),
  solutions: z.array(Solution),
  /** Debate rounds (agents x rounds), when the record has them. */
  rounds: z.nullable(z.array(Round)),
  tag: z.nullable(z.unknown()),
  source: z.nullable(z.string()),
  note: z.nullable(z.string()),
  /** Set when the line is not a JSON object; everything else is then empty. */
  malformed: z.nullable(z.string()),
});
export type RecordView = z.infer<typeof RecordView>;
