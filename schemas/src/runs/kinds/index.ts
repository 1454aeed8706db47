import type { FlagSpec, KindSpec } from "../flag-spec";
import type { ArgValue, RunKind } from "../run-file";
import { CUSTOM } from "./custom";
import { EVAL, EVAL_FLAGS, EVAL_SCRIPTS, type EvalScript } from "./eval";
import { GRPO } from "./grpo";
import { INFERENCE } from "./inference";
import { LABEL } from "./label";
import { PRM_SCORE } from "./prm-score";
import { PRM_TRAIN } from "./prm-train";
import { SFT } from "./sft";

export { EVAL_SCRIPTS, EVAL_README_DRIFT, type EvalScript } from "./eval";

export const KIND_SPECS: Readonly<Record<RunKind, KindSpec>> = {
  inference: INFERENCE,
  label: LABEL,
  "prm-train": PRM_TRAIN,
  grpo: GRPO,
  sft: SFT,
  eval: EVAL,
  "prm-score": PRM_SCORE,
  custom: CUSTOM,
};

/** The eval script a run selects (`args.script`), defaulting to short_answer_eval. */
export function evalScriptOf(args: Readonly<Record<string, ArgValue>> | undefined): EvalScript {
  const script = args?.script;
  return EVAL_SCRIPTS.find((s) => s === script) ?? "short_answer_eval";
}

/** Every flag a run of `kind` may carry in `args:` (script flags, then the kind's own keys). */
export function flagsOf(
  kind: RunKind,
  args?: Readonly<Record<string, ArgValue>>,
): { script: readonly FlagSpec[]; meta: readonly FlagSpec[] } {
  const spec = KIND_SPECS[kind];
  const script = kind === "eval" ? EVAL_FLAGS[evalScriptOf(args)] : spec.flags;
  return { script, meta: spec.meta ?? [] };
}
