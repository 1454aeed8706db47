import {
  flagsOf,
  evalScriptOf,
  KIND_SPECS,
  type ArgValue,
  type FlagSpec,
  type Host,
  type JobCommand,
  type Run,
} from "../../../../schemas/src/runs";

/**
 * Where the job engine uploads the extension's PRM scoring script, relative to the checkout.
 * The script is a later task; this path and PRM_SCORE's flag table are its contract.
 */
export const PRM_SCORE_SCRIPT = ".agentark-studio/prm_score.py";

type Args = Readonly<Record<string, ArgValue>>;

/**
 * The command a run becomes on `host` (undefined for `local`). Pure: no quoting (the engine
 * quotes every argv item) and no checks (run `checkRun` first; this renders what it is given).
 */
export function buildCommand(run: Run, host?: Host): JobCommand {
  const args: Args = run.args ?? {};
  const env: Record<string, string> = { ...stringEnv(host?.env), ...stringEnv(run.env) };
  let argv: string[];
  let cwd: JobCommand["cwd"] = "checkout";
  switch (run.kind) {
    case "inference":
      argv = ["python", "inference.py", ...renderArgs(run, args)];
      break;
    case "label":
      argv = ["python", "label.py", ...renderArgs(run, args)];
      break;
    case "prm-train":
      // README:158 runs it with the checkout on PYTHONPATH (misc_utils, prm.*); the cwd is the checkout.
      env.PYTHONPATH = env.PYTHONPATH ? `.:${env.PYTHONPATH}` : ".";
      argv = ["python", "prm/finetune2.py", ...renderArgs(run, args)];
      break;
    case "grpo":
      argv = ["python", "-m", "openrlhf.cli.train_grpo", ...renderArgs(run, args)];
      break;
    case "sft":
      argv = ["python", "-m", "openrlhf.cli.train_sft", ...renderArgs(run, args)];
      break;
    case "eval":
      switch (evalScriptOf(args)) {
        case "short_answer_eval":
          argv = ["python", "-m", "eval.short_answer_eval", ...renderArgs(run, args)];
          break;
        case "math_eval":
          // The Qwen2.5-Math harness imports its siblings bare, so it runs from eval/ (eval/sh/eval.sh).
          cwd = "eval";
          argv = ["python3", "-u", "math_eval.py", ...renderArgs(run, args)];
          break;
        case "eval_save":
          argv = ["python", "eval_save.py", ...renderArgs(run, args)];
          break;
      }
      break;
    case "prm-score":
      argv = ["python", PRM_SCORE_SCRIPT, ...renderArgs(run, args)];
      break;
    case "custom":
      argv = [...commandArgv(run.command), ...renderArgs(run, args)];
      break;
  }
  const command: JobCommand = { argv, env, cwd };
  return run.secrets && run.secrets.length > 0
    ? { ...command, secrets: [...run.secrets] }
    : command;
}

function commandArgv(command: Run["command"]): string[] {
  if (command === undefined) return [];
  return typeof command === "string" ? command.split(/\s+/).filter(Boolean) : [...command];
}

/** `args:` as flags, in file order; the kind's own keys (eval's `script`) are not flags. */
function renderArgs(run: Run, args: Args): string[] {
  const { script, meta } = flagsOf(run.kind, args);
  const known = new Map(script.map((f) => [f.name, f]));
  const metaNames = new Set(meta.map((f) => f.name));
  const hfBooleans = KIND_SPECS[run.kind].unknownFlags === "ignored";
  const out: string[] = [];
  for (const [key, value] of Object.entries(args)) {
    if (metaNames.has(key)) continue;
    out.push(...renderFlag(key, value, known.get(key), hfBooleans));
  }
  return out;
}

function renderFlag(
  key: string,
  value: ArgValue,
  flag: FlagSpec | undefined,
  hfBooleans: boolean,
): string[] {
  const name = flag?.flag ?? `--${key}`;
  if (value === null) return [];
  if (typeof value === "boolean") {
    if (value) return [name];
    // HfArgumentParser booleans defaulting to True can only be turned off with an explicit value.
    return hfBooleans && flag?.default === true ? [name, "False"] : [];
  }
  if (Array.isArray(value)) {
    const items = value.map(String);
    switch (flag?.listStyle ?? "space") {
      case "space":
        return [name, ...items];
      case "repeat":
        return items.flatMap((item) => [name, item]);
      case "comma":
        return [name, items.join(",")];
    }
  }
  return [name, String(value)];
}

function stringEnv(
  env: Readonly<Record<string, string | number | boolean>> | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env ?? {})) out[key] = String(value);
  return out;
}
