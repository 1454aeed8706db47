// Jobs across hosts: submits a built command to its host, keeps the local registry, and
// refreshes status with one round trip per host whatever the number of jobs on it.
import type { Host } from "../../../../schemas/src/runs/run-file";
import type { JobCommand } from "../../../../schemas/src/runs/job-command";
import { JobHost } from "./job-host";
import { newJobId } from "./job-id";
import type { JobRecord, JobRegistry } from "./job-registry";
import { isFinished, type JobState } from "./job-state";
import type { LogFollower, LogFollowerOptions } from "./log-follower";
import { resolveHost, type HostContext, type ResolvedHost } from "./run-hosts";

export interface SubmitRequest {
  readonly host: string;
  readonly command: JobCommand;
  /** The run's name in the run file, which also names the job id. */
  readonly run?: string;
  /** Values for `command.secrets`, from the editor's SecretStorage (or the CLI's environment). */
  readonly secretValues?: Readonly<Record<string, string>>;
  readonly id?: string;
  /**
   * Jobs on the same host that must succeed first. On Slurm hosts this becomes
   * `--dependency=afterok`; on direct hosts the job's detached wrapper waits on the host for
   * their exit codes and does not run if one of them did not succeed.
   */
  readonly afterOk?: readonly string[];
}

export interface RefreshResult {
  readonly jobs: JobRecord[];
  readonly states: Map<string, JobState>;
  /** Hosts that could not be asked, with why. */
  readonly errors: Map<string, unknown>;
}

export class JobEngine {
  private readonly resolved = new Map<string, ResolvedHost>();

  constructor(
    private readonly hosts: Readonly<Record<string, Host>>,
    private readonly context: HostContext,
    readonly registry: JobRegistry,
  ) {}

  host(name: string): ResolvedHost {
    let host = this.resolved.get(name);
    if (!host) {
      host = resolveHost(name, this.hosts, this.context);
      this.resolved.set(name, host);
    }
    return host;
  }

  jobHost(name: string): JobHost {
    return new JobHost(this.host(name).transport);
  }

  async submit(request: SubmitRequest): Promise<JobRecord> {
    const host = this.host(request.host);
    const afterOk = request.afterOk ?? [];
    for (const id of afterOk) {
      // A job waits on its own host only; the registry knows where the others ran.
      const other = this.registry.get(id)?.host;
      if (other !== undefined && other !== host.name)
        throw new Error(
          `job ${id} runs on host "${other}": a job on "${host.name}" can only wait for jobs on the same host`,
        );
    }
    const secrets: Record<string, string> = {};
    for (const name of request.command.secrets ?? []) {
      const value = request.secretValues?.[name];
      if (value === undefined) throw new Error(`secret ${name} has no value`);
      secrets[name] = value;
    }
    const cwd =
      request.command.cwd === "checkout"
        ? host.checkout
        : `${host.checkout}/${request.command.cwd}`;
    const id = request.id ?? newJobId(request.run ?? request.command.argv[0] ?? "job");
    const started = await new JobHost(host.transport).start({
      id,
      argv: request.command.argv,
      cwd,
      setup: host.setup,
      env: { ...host.env, ...request.command.env },
      secrets,
      ...(host.scheduler === "slurm"
        ? { slurm: { options: host.slurm, afterOk } }
        : afterOk.length
          ? { afterOk }
          : {}),
    });
    const record: JobRecord = {
      id,
      host: host.name,
      ...(request.run ? { run: request.run } : {}),
      argv: request.command.argv,
      cwd,
      jobDir: started.jobDir,
      submittedAt: new Date().toISOString(),
      status: "queued",
    };
    this.registry.add(record);
    return record;
  }

  /** Asks each host about its unfinished jobs (or `ids`), one round trip per host. */
  async refresh(ids?: readonly string[]): Promise<RefreshResult> {
    const wanted = this.registry
      .list()
      .filter((j) => (ids ? ids.includes(j.id) : !isFinished(j.status)));
    const byHost = new Map<string, string[]>();
    for (const job of wanted) byHost.set(job.host, [...(byHost.get(job.host) ?? []), job.id]);
    const states = new Map<string, JobState>();
    const errors = new Map<string, unknown>();
    await Promise.all(
      [...byHost].map(async ([hostName, hostIds]) => {
        try {
          for (const [id, state] of await this.jobHost(hostName).status(hostIds))
            states.set(id, state);
        } catch (error) {
          errors.set(hostName, error);
        }
      }),
    );
    for (const [id, s] of states)
      this.registry.update(id, {
        status: s.status,
        ...(s.exitCode === undefined ? {} : { exitCode: s.exitCode }),
        ...(s.startedAt ? { startedAt: s.startedAt } : {}),
        ...(s.endedAt ? { endedAt: s.endedAt } : {}),
      });
    return { jobs: this.registry.list(), states, errors };
  }

  async cancel(id: string, graceSeconds?: number): Promise<JobState> {
    const job = this.record(id);
    const state = await this.jobHost(job.host).cancel(id, graceSeconds);
    this.registry.update(id, { status: state.status });
    return state;
  }

  follow(id: string, options: Omit<LogFollowerOptions, "jobId" | "jobsRoot">): LogFollower {
    return this.jobHost(this.record(id).host).follow({ ...options, jobId: id });
  }

  readLog(id: string, offset = 0): Promise<Buffer> {
    return this.jobHost(this.record(id).host).readLog(id, offset);
  }

  record(id: string): JobRecord {
    const job = this.registry.get(id);
    if (!job) throw new Error(`no job ${id} in ${this.registry.file}`);
    return job;
  }
}
