// The job operations on one host, each a single round trip over the host's transport.
import { missingCommand } from "../transport/ssh-error";
import { runScript, type Transport } from "../transport/transport";
import { buildCancelScript, buildReadLogScript } from "./control-scripts";
import { DEFAULT_JOBS_ROOT, type JobSpec } from "./job-spec";
import { deriveJobState, type JobState } from "./job-state";
import { LogFollower, type LogFollowerOptions } from "./log-follower";
import { buildStartScript, CHECKOUT_MISSING, PREDECESSOR_MISSING } from "./start-script";
import { buildStatusScript, parseStatusOutput } from "./status-script";

export interface StartedJob {
  readonly id: string;
  /** The absolute job directory on the host. */
  readonly jobDir: string;
}

export class JobHost {
  constructor(
    readonly transport: Transport,
    readonly jobsRoot: string = DEFAULT_JOBS_ROOT,
  ) {}

  /** Writes the job directory and launches the job detached; returns once it is started. */
  async start(spec: Omit<JobSpec, "jobsRoot">): Promise<StartedJob> {
    const result = await runScript(
      this.transport,
      buildStartScript({ ...spec, jobsRoot: this.jobsRoot }),
    );
    const missing = missingCommand(this.transport.hostName, result);
    if (missing) throw missing;
    if (result.code === CHECKOUT_MISSING)
      throw new Error(
        `${this.transport.hostName}: the AgentArk checkout ${spec.cwd} does not exist there (set \`agentark:\` for this host)`,
      );
    if (result.code === PREDECESSOR_MISSING)
      throw new Error(
        `${this.transport.hostName}: cannot chain job ${spec.id}: ${result.stderr.replace(/^agentark-studio: /, "").trim()}`,
      );
    if (result.code !== 0)
      throw new Error(
        `${this.transport.hostName}: starting job ${spec.id} failed (${result.code}): ${result.stderr.trim()}`,
      );
    return { id: spec.id, jobDir: result.stdout.trim() };
  }

  /** Status of every job in `ids`, in one round trip. */
  async status(ids: readonly string[]): Promise<Map<string, JobState>> {
    const states = new Map<string, JobState>();
    if (ids.length === 0) return states;
    const result = await runScript(this.transport, buildStatusScript(ids, this.jobsRoot));
    if (result.code !== 0)
      throw new Error(
        `${this.transport.hostName}: job status failed (${result.code}): ${result.stderr.trim()}`,
      );
    for (const facts of parseStatusOutput(result.stdout))
      states.set(facts.id, deriveJobState(facts));
    return states;
  }

  /** Kills the job's process group (TERM, then KILL after the grace period). Callers confirm first. */
  async cancel(id: string, graceSeconds = 5): Promise<JobState> {
    const result = await runScript(
      this.transport,
      buildCancelScript(id, graceSeconds, this.jobsRoot),
    );
    if (result.code === 3) throw new Error(`${this.transport.hostName}: no job ${id}`);
    if (result.code === 5)
      throw new Error(
        `${this.transport.hostName}: job ${id} survived SIGKILL (a process in uninterruptible sleep?)`,
      );
    if (result.code === 7)
      throw new Error(
        `${this.transport.hostName}: Slurm still lists job ${id} as running after its KillWait; see squeue`,
      );
    if (result.code !== 0 && result.code !== 4)
      throw new Error(
        `${this.transport.hostName}: cancelling ${id} failed (${result.code}): ${result.stderr.trim()}`,
      );
    const state = (await this.status([id])).get(id);
    if (!state) throw new Error(`${this.transport.hostName}: no status for ${id}`);
    return state;
  }

  /** The log from `offset` without following. */
  async readLog(id: string, offset = 0): Promise<Buffer> {
    const chunks: Buffer[] = [];
    const result = await runScript(this.transport, buildReadLogScript(id, offset, this.jobsRoot), {
      onStdout: (b) => chunks.push(b),
    });
    if (result.code === 3) throw new Error(`${this.transport.hostName}: no job ${id}`);
    return Buffer.concat(chunks);
  }

  follow(options: Omit<LogFollowerOptions, "jobsRoot">): LogFollower {
    return new LogFollower(this.transport, { ...options, jobsRoot: this.jobsRoot });
  }
}
