// `sbatch` options from a host's `slurm:` block, as argv items (quoted later like any other).
import type { SlurmOptions } from "../../../../schemas/src/runs/run-file";

export function slurmArgs(options: SlurmOptions): string[] {
  const args: string[] = [];
  if (options.partition) args.push(`--partition=${options.partition}`);
  if (options.gpus !== undefined && options.gpus !== 0 && options.gpus !== "")
    args.push(`--gres=gpu:${String(options.gpus)}`);
  if (options.time) args.push(`--time=${options.time}`);
  if (options.account) args.push(`--account=${options.account}`);
  if (options.cpus !== undefined) args.push(`--cpus-per-task=${options.cpus}`);
  if (options.mem) args.push(`--mem=${options.mem}`);
  for (const extra of options.extra ?? []) {
    // An item is one option; anything else would let a run file smuggle a second command.
    if (!extra.startsWith("-")) throw new Error(`slurm.extra items are sbatch options: ${extra}`);
    args.push(extra);
  }
  return args;
}
