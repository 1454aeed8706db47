import type {
  CurationBlock,
  Solution,
  Step,
  StepLabel,
} from "../../../../schemas/src/records/index";
import { boxedAnswer } from "../boxed-answer";
import type { StepScoreLookup } from "../step-score-index";
import { stepSeparator } from "../step-separator";
import { splitSteps } from "../split-steps";
import { splitThink } from "../think-blocks";

/** What every adapter passes down: the step separator and the sidecar, when one is loaded. */
export interface ParseOptions {
  /** Step separator when neither the row's curation block nor the sidecar names one. */
  separator?: string;
  stepScores?: StepScoreLookup;
}

export interface SolutionInput {
  query: string;
  id: number;
  agent: string | null;
  raw: string;
  isCorrect: boolean | null;
  curation: CurationBlock;
  /** Steps a trajectory already holds (text and score); otherwise the text is split. */
  steps?: readonly { text: string; score?: number | null | undefined }[] | undefined;
}

/**
 * One solution as the editor shows it. The separator is the one the row's step labels were made
 * with (`stepSeparator`); a row without labels takes the sidecar's (its scores were made with
 * it), else the option, else a blank line.
 * Scores and labels attach by step position; a list longer than the steps is cut, a shorter one
 * leaves the rest null.
 */
export function buildSolution(input: SolutionInput, options: ParseOptions): Solution {
  const { text, think } = splitThink(input.raw);
  const key = String(input.id);
  const sidecar = options.stepScores?.get(input.query, input.id);
  const labels = input.curation.step_labels?.[key] ?? [];
  const separator = stepSeparator(
    input.curation,
    input.id,
    sidecar?.separator ?? options.separator,
  );
  const given = input.steps?.length ? input.steps : null;
  const texts = given ? given.map((s) => s.text) : splitSteps(text, separator);
  const steps = texts.map((stepText, i): Step => ({
    text: stepText,
    score: given?.[i]?.score ?? sidecar?.scores[i] ?? null,
    label: labelAt(labels, i),
  }));
  return {
    id: input.id,
    agent: input.agent,
    text,
    finalAnswer: boxedAnswer(text),
    isCorrect: input.isCorrect,
    steps,
    think,
    note: input.curation.notes?.[key] ?? null,
  };
}

function labelAt(labels: readonly StepLabel[], i: number): StepLabel {
  return labels[i] ?? null;
}
