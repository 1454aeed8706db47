import * as z from "zod/mini";
import { StepLabel } from "./record-view";

/**
 * What the curation editor stores in a row, under one key that AgentArk's readers ignore
 * (`prm/finetune2.py` reads `query`, `solutions[].text` and `labels`; label.py reads `query`,
 * `gt`, `response`, `tag`, `source`). Solution correctness is NOT stored here: a correction
 * rewrites `solutions[i].is_correct` and `labels[i]` together, where AgentArk reads them.
 *
 * ```json
 * "agentark_studio": {"step_labels": {"3": [1, 1, -1]}, "separators": {"3": "\n"}, "notes": {"3": "wrong unit"}, "note": "ambiguous gt"}
 * ```
 * Keys of `step_labels` and `notes` are solution ids as strings.
 */
export const CURATION_KEY = "agentark_studio";

export const CurationBlock = z.object({
  step_labels: z.optional(z.record(z.string(), z.array(StepLabel))),
  notes: z.optional(z.record(z.string(), z.string())),
  note: z.optional(z.string()),
  /** Step separator of every solution in the row, when one was written by hand or a tool. */
  separator: z.optional(z.string()),
  /**
   * Step separator each solution's labels were made with (keys: solution ids), written with its
   * first step label when it is not the default (a blank line); absent, a blank line.
   */
  separators: z.optional(z.record(z.string(), z.string())),
});
export type CurationBlock = z.infer<typeof CurationBlock>;

/** One edit as the user makes it; the document model applies and undoes these. */
export const CurationEdit = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("set-correct"),
    line: z.number(),
    solutionId: z.number(),
    value: z.nullable(z.boolean()),
  }),
  z.object({
    type: z.literal("set-step-label"),
    line: z.number(),
    solutionId: z.number(),
    step: z.number(),
    value: StepLabel,
    /**
     * What the editor split the solution's steps on, filled in by the host when it applies the
     * edit: a redo or a hot-exit restore writes the same bytes whatever the setting is by then.
     */
    separator: z.optional(z.string()),
  }),
  z.object({
    type: z.literal("set-note"),
    line: z.number(),
    solutionId: z.nullable(z.number()),
    value: z.nullable(z.string()),
  }),
]);
export type CurationEdit = z.infer<typeof CurationEdit>;

/**
 * One line of the append-only audit trail beside the file (`<name>.jsonl` → `<name>.audit.jsonl`): every
 * change with its provenance.
 */
export const AuditEntry = z.object({
  time: z.string(),
  author: z.string(),
  source: z.enum(["human", "judge"]),
  /** The judge model, when `source` is `judge`. */
  model: z.optional(z.string()),
  reason: z.optional(z.string()),
  query: z.string(),
  line: z.number(),
  edit: CurationEdit,
  before: z.unknown(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AUDIT_SUFFIX = ".audit.jsonl";
