import type { SlurmOptions } from "../../../../schemas/src/runs/run-file";

// What the engine needs to start a job: an already-built command (argv, env, cwd) from the run
// kinds, plus where it runs. Secrets travel separately and are never written to the job files.

export const DEFAULT_JOBS_ROOT = "~/.agentark-studio/jobs";

export interface JobSpec {
  /** Client-chosen (`newJobId`). */
  readonly id: string;
  /** The process to start; every element is quoted before it reaches the host's shell. */
  readonly argv: readonly string[];
  /** The working directory on the host, normally the AgentArk checkout; `~/` is the remote home. */
  readonly cwd: string;
  /** The host's setup lines (shell code the user wrote, e.g. activating a conda env). */
  readonly setup?: readonly string[];
  /** Recorded in the job's `env` file: never secrets. */
  readonly env?: Readonly<Record<string, string>>;
  /** Name → value; sent in the start script on stdin and kept only in a 0600 file until launch. */
  readonly secrets?: Readonly<Record<string, string>>;
  /** Where job directories live on the host. */
  readonly jobsRoot?: string;
  /** Submit with `sbatch` instead of launching directly. */
  readonly slurm?: SlurmJob;
  /**
   * Direct hosts: job ids (ours, same host and jobs root) that must succeed first. The detached
   * wrapper waits on the host for their exit codes, so the wait survives the editor and the
   * network; if one fails, is cancelled or is lost, this job ends without running its command.
   */
  readonly afterOk?: readonly string[];
}

export interface SlurmJob {
  readonly options: SlurmOptions;
  /** Job ids (ours) on the same host that must succeed first: `--dependency=afterok:…`. */
  readonly afterOk?: readonly string[];
}
