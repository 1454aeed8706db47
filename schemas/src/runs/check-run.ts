import { AGENTARK_METHODS } from "./agentark-methods";
import { didYouMean as didYouMeanName } from "../did-you-mean";
import type { FlagSpec } from "./flag-spec";
import { EVAL_README_DRIFT, evalScriptOf, flagsOf, KIND_SPECS } from "./kinds";
import {
  checkEval,
  checkGrpo,
  checkInference,
  checkLabel,
  checkPrmTrain,
  checkSft,
} from "./kind-traps";
import type { RunDiagnosticCode } from "./run-codes";
import type { ArgValue, Run } from "./run-file";

/** A trap found in a run before anything is sent. */
export interface RunFinding {
  readonly code: RunDiagnosticCode;
  readonly severity: "error" | "warning" | "info";
  readonly message: string;
  /** Path into the run file (`["runs", name, "args", "method_name"]`) of the offending node. */
  readonly path: readonly string[];
  /** Whether the key or the value of `path` is at fault. */
  readonly target: "key" | "value";
  /** Text that fixes the finding when it replaces the node at `path`/`target` (a quick fix). */
  readonly replacement?: string;
}

export interface CheckContext {
  /** `method2class` keys in registry order (built-in and the workspace's own); default AgentArk's 25. */
  readonly methods?: readonly string[];
}

export type Args = Readonly<Record<string, ArgValue>>;

const DEFAULT_METHODS: readonly string[] = AGENTARK_METHODS;

/** Every trap of one run on its own (no other run or host needed). */
export function checkRun(name: string, run: Run, ctx: CheckContext = {}): RunFinding[] {
  const findings: RunFinding[] = [];
  const args: Args = run.args ?? {};
  const at = (key: string): readonly string[] =>
    key === "" ? ["runs", name, "kind"] : ["runs", name, "args", key];
  const add = (
    code: RunDiagnosticCode,
    severity: RunFinding["severity"],
    message: string,
    path: readonly string[],
    target: "key" | "value" = "key",
  ): void => void findings.push({ code, severity, message, path, target });

  if (run.kind === "custom") {
    if (run.command === undefined || run.command.length === 0)
      add(
        "custom-no-command",
        "error",
        "A custom run needs `command:` (an argv list).",
        at(""),
        "value",
      );
  } else if (run.command !== undefined) {
    add(
      "command-not-custom",
      "warning",
      "`command:` is used only by `kind: custom`; it is ignored here.",
      ["runs", name, "command"],
    );
  }
  findings.push(...checkArgs(name, run, args));
  switch (run.kind) {
    case "inference":
      findings.push(...checkInference(name, args, ctx.methods ?? DEFAULT_METHODS));
      break;
    case "label":
      findings.push(...checkLabel(name, args));
      break;
    case "prm-train":
      findings.push(...checkPrmTrain(name, args));
      break;
    case "grpo":
      findings.push(...checkGrpo(name, args));
      break;
    case "sft":
      findings.push(...checkSft(name, args));
      break;
    case "eval":
      findings.push(...checkEval(name, args));
      break;
    case "prm-score":
    case "custom":
      break;
  }
  for (const key of ["use_wandb"]) {
    const value = args[key];
    if (
      typeof value === "string" &&
      value.length > 0 &&
      (run.kind === "grpo" || run.kind === "sft")
    )
      add(
        "secret-in-args",
        "warning",
        "`use_wandb` takes the wandb API key on argv, visible in `ps` and the job's command file. Prefer `secrets: [WANDB_API_KEY]` and `wandb login` on the host.",
        at(key),
        "value",
      );
  }
  return findings;
}

/** Unknown flags (with a suggestion), README drift, types, choices, required and no-effect flags. */
function checkArgs(name: string, run: Run, args: Args): RunFinding[] {
  const spec = KIND_SPECS[run.kind];
  if (spec.unknownFlags === "free") return [];
  const findings: RunFinding[] = [];
  const { script, meta } = flagsOf(run.kind, args);
  const known = new Map<string, FlagSpec>([...script, ...meta].map((f) => [f.name, f]));
  const drift = run.kind === "eval" ? EVAL_README_DRIFT[evalScriptOf(args)] : {};
  for (const [key, value] of Object.entries(args)) {
    const path = ["runs", name, "args", key];
    const flag = known.get(key);
    if (!flag) {
      const driftNote = drift[key];
      if (driftNote) {
        findings.push({
          code: "readme-drift",
          severity: "error",
          message: driftNote,
          path,
          target: "key",
        });
        continue;
      }
      if (run.kind === "label" && key === "tensor_parallel_size") continue; // its own trap below
      const suggestion = didYouMeanName(key, known.keys());
      const hint = suggestion ? ` Did you mean \`${suggestion}\`?` : "";
      findings.push(
        spec.unknownFlags === "ignored"
          ? {
              code: "ignored-arg",
              severity: "warning",
              message: `prm/finetune2.py does not know \`--${key}\` and silently ignores it (HfArgumentParser with return_remaining_strings).${hint}`,
              path,
              target: "key",
              ...(suggestion ? { replacement: suggestion } : {}),
            }
          : {
              code: "unknown-arg",
              severity: "error",
              message: `${spec.entry.split(" …")[0]} does not accept \`--${key}\` (argparse: unrecognized arguments).${hint}`,
              path,
              target: "key",
              ...(suggestion ? { replacement: suggestion } : {}),
            },
      );
      continue;
    }
    const typeProblem = checkType(flag, value);
    if (typeProblem)
      findings.push({
        code: "arg-type",
        severity: "error",
        message: typeProblem,
        path,
        target: "value",
      });
    else if (
      flag.choices &&
      typeof value === "string" &&
      !flag.choices.includes(value) &&
      !specialChoice(run.kind, key)
    )
      findings.push({
        code: "arg-choice",
        severity: "error",
        message: `\`--${key}\` accepts ${flag.choices.map((c) => `\`${c}\``).join(", ")}, not \`${value}\`.`,
        path,
        target: "value",
      });
    if (flag.noEffect && value !== false && value !== null)
      findings.push({
        code: "no-effect",
        severity: "warning",
        message: `\`--${key}\` has no effect: ${flag.noEffect}`,
        path,
        target: "key",
      });
  }
  for (const flag of script) {
    const value = args[flag.name];
    if (flag.required && (value === undefined || value === null || value === ""))
      findings.push({
        code: "missing-arg",
        severity: "error",
        message: `\`--${flag.name}\` is required: ${flag.doc}`,
        path: ["runs", name, "kind"],
        target: "value",
      });
  }
  return findings;
}

/** Choice violations with their own trap code are reported by the kind's check instead. */
function specialChoice(kind: Run["kind"], key: string): boolean {
  return kind === "grpo" && (key === "reward_mode" || key === "advantage_estimator");
}

function checkType(flag: FlagSpec, value: ArgValue): string | undefined {
  if (value === null) return undefined;
  const want = flag.type;
  const ok =
    want === "bool"
      ? typeof value === "boolean"
      : want === "int"
        ? (typeof value === "number" && Number.isInteger(value)) ||
          (typeof value === "string" && /^-?\d+$/.test(value))
        : want === "float"
          ? typeof value === "number" ||
            (typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value)))
          : want === "list"
            ? Array.isArray(value) || typeof value !== "boolean"
            : !Array.isArray(value) && typeof value !== "boolean";
  if (ok) return undefined;
  const shown = JSON.stringify(value);
  if (want === "bool")
    return `\`--${flag.name}\` is a bare flag: use \`true\` to pass it or \`false\` to leave it out, not ${shown}.`;
  return `\`--${flag.name}\` takes ${want === "int" ? "an integer" : want === "float" ? "a number" : want === "list" ? "a list" : "a string"}, not ${shown}.`;
}
