// zod/mini: the extension bundles this file (the job engine parses the run file before sending).
import * as z from "zod/mini";

function described<T extends z.core.$ZodType>(schema: T, description: string): T {
  z.globalRegistry.add(schema, { description });
  return schema;
}

/** The run kinds, one per AgentArk entry point (plus `custom` for anything else in the checkout). */
export const RUN_KINDS = [
  "inference",
  "label",
  "prm-train",
  "grpo",
  "sft",
  "eval",
  "prm-score",
  "custom",
] as const;
export type RunKind = (typeof RUN_KINDS)[number];

/** The built-in host: this machine, the workspace folder as the AgentArk checkout, no SSH. */
export const LOCAL_HOST = "local";

/** Lines run before each job; a string is one line (or several, split on newlines). */
const Lines = z.union([z.string(), z.array(z.string())]);

/** A scalar argument value, or a list of them (repeated or space-separated, per the script). */
const ArgValue = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.union([z.string(), z.number(), z.boolean()])),
]);
export type ArgValue = z.infer<typeof ArgValue>;

export const SlurmOptions = z.strictObject({
  partition: z.optional(described(z.string(), "Slurm partition (`sbatch --partition`).")),
  gpus: z.optional(
    described(
      z.union([z.number().check(z.int(), z.minimum(0)), z.string()]),
      "GPUs per job as a gres: a count (`--gres=gpu:4`) or a typed spec (`a100:2` → `--gres=gpu:a100:2`).",
    ),
  ),
  time: z.optional(
    described(z.string(), "Time limit (`sbatch --time`), e.g. `04:00:00` or `1-00:00:00`."),
  ),
  account: z.optional(described(z.string(), "Account charged for the job (`sbatch --account`).")),
  cpus: z.optional(
    described(z.number().check(z.int(), z.minimum(1)), "CPUs per task (`sbatch --cpus-per-task`)."),
  ),
  mem: z.optional(described(z.string(), "Memory per node (`sbatch --mem`), e.g. `64G`.")),
  extra: z.optional(
    described(
      z.array(z.string()),
      "Further `sbatch` options, one per item, written as `#SBATCH <item>` lines, e.g. `--qos=high`.",
    ),
  ),
});
export type SlurmOptions = z.infer<typeof SlurmOptions>;

export const Host = z.strictObject({
  ssh: z.optional(
    described(
      z.string(),
      "How to reach the host: an alias from `~/.ssh/config` (so ProxyJump, keys and agents apply), or `user@host[:port]`. Required except for `local`.",
    ),
  ),
  agentark: z.optional(
    described(
      z.string(),
      "The AgentArk checkout on the host (jobs run with it as the working directory). `~` is the remote home. Default `~/AgentArk`; for `local`, the workspace folder.",
    ),
  ),
  setup: z.optional(
    described(
      Lines,
      "Shell lines run before each job, e.g. `source ~/miniconda3/bin/activate agentark`. A string or a list of strings.",
    ),
  ),
  env: z.optional(
    described(
      z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
      "Environment variables for every job on this host, e.g. `CUDA_VISIBLE_DEVICES: 0,1`. Never put secrets here: they are written to the job directory.",
    ),
  ),
  scheduler: z.optional(
    described(
      z.enum(["direct", "slurm"]),
      "`direct` (default): the job is a detached process on the host. `slurm`: the job is an `sbatch` script; configure it in `slurm:`.",
    ),
  ),
  slurm: z.optional(described(SlurmOptions, "Options for `sbatch` when `scheduler: slurm`.")),
});
export type Host = z.infer<typeof Host>;

export const Run = z.strictObject({
  kind: described(
    z.enum(RUN_KINDS),
    "What to run: `inference` (inference.py), `label` (label.py), `prm-train` (prm/finetune2.py), `grpo` (openrlhf.cli.train_grpo), `sft` (openrlhf.cli.train_sft), `eval` (eval.short_answer_eval, eval/math_eval.py, eval_save.py), `prm-score` (the extension's PRM scoring script), `custom` (`command:`).",
  ),
  host: z.optional(
    described(
      z.string(),
      "A key of `hosts:`, or `local` (this machine, the workspace as checkout). Default `local`.",
    ),
  ),
  args: z.optional(
    described(
      z.record(z.string(), ArgValue),
      "The script's flags without the leading `--`: `true` is a bare flag, `false`/`null` leaves it out, a list is repeated or space-separated as the script expects.",
    ),
  ),
  command: z.optional(
    described(
      z.union([z.string(), z.array(z.string())]),
      "For `kind: custom`: the command as an argv list (or a string split on spaces), run in the checkout.",
    ),
  ),
  env: z.optional(
    described(
      z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
      "Environment variables for this run, over the host's `env`.",
    ),
  ),
  secrets: z.optional(
    described(
      z.array(z.string()),
      "Names of secrets (from the editor's secret storage) passed to the job as environment variables through stdin, never argv or logs, e.g. `WANDB_API_KEY`.",
    ),
  ),
  upload: z.optional(
    described(
      z.array(z.string()),
      "Workspace paths copied to the same place under the host's checkout before the job starts (e.g. a curated labeled file).",
    ),
  ),
  download: z.optional(
    described(
      z.array(z.string()),
      "Checkout-relative paths brought back into the workspace with rsync after the job ends.",
    ),
  ),
  after: z.optional(
    described(
      z.string(),
      "Another run that must succeed first (Slurm `afterok`, or the extension's sequencing on direct hosts).",
    ),
  ),
});
export type Run = z.infer<typeof Run>;

/** `agentark.runs.yaml` at the workspace root. */
export const RunFile = z.strictObject({
  hosts: z.optional(
    described(
      z.record(z.string(), Host),
      "Named hosts. `local` is built in and need not be declared.",
    ),
  ),
  runs: z.optional(
    described(z.record(z.string(), Run), "Named runs: a kind, a host, arguments and files."),
  ),
});
export type RunFile = z.infer<typeof RunFile>;

/** The file name the language server and the extension look for. */
export const RUN_FILE_NAME = "agentark.runs.yaml";

/** Hosts from the user's `agentark.runs.hosts` setting: the valid ones, and why the rest are not. */
export function parseUserHosts(raw: Readonly<Record<string, unknown>>): {
  hosts: Record<string, Host>;
  problems: string[];
} {
  const hosts: Record<string, Host> = {};
  const problems: string[] = [];
  for (const [name, value] of Object.entries(raw)) {
    const parsed = Host.safeParse(value);
    if (parsed.success) hosts[name] = parsed.data;
    else
      problems.push(
        `agentark.runs.hosts.${name}: ${parsed.error.issues.map((i) => `${[...i.path].join(".") || "host"}: ${i.message}`).join("; ")}`,
      );
  }
  return { hosts, problems };
}

/**
 * The run file with the user's own hosts added. A name the file declares is the file's: the
 * more specific place wins, as workspace settings win over user settings.
 */
export function withUserHosts(file: RunFile, userHosts: Readonly<Record<string, Host>>): RunFile {
  if (Object.keys(userHosts).length === 0) return file;
  return { ...file, hosts: { ...userHosts, ...file.hosts } };
}
