// This machine's list of jobs across hosts, in a JSON file, so `jobs` and the Runs view know
// what to ask each host about after a restart. The hosts hold the truth; this holds the ids, the
// last known status and the log offset each viewer reached.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import type { JobStatus } from "./job-state";

export interface JobRecord {
  readonly id: string;
  readonly host: string;
  /** The run's name in the run file, if it came from one. */
  readonly run?: string;
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly jobDir: string;
  readonly submittedAt: string;
  readonly status: JobStatus;
  readonly exitCode?: number;
  readonly startedAt?: string;
  readonly endedAt?: string;
}

interface RegistryFile {
  readonly version: 1;
  readonly jobs: JobRecord[];
}

/** `$AGENTARK_STUDIO_STATE`, else `$XDG_STATE_HOME/agentark-studio`, else ~/.local/state/… */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.AGENTARK_STUDIO_STATE) return env.AGENTARK_STUDIO_STATE;
  const base = env.XDG_STATE_HOME || join(homedir(), ".local", "state");
  return join(base, "agentark-studio");
}

export class JobRegistry {
  readonly file: string;

  constructor(stateDir: string = defaultStateDir()) {
    this.file = join(stateDir, "jobs.json");
  }

  list(): JobRecord[] {
    return this.read().jobs;
  }

  get(id: string): JobRecord | undefined {
    return this.read().jobs.find((j) => j.id === id);
  }

  add(record: JobRecord): void {
    const data = this.read();
    if (data.jobs.some((j) => j.id === record.id))
      throw new Error(`job ${record.id} is already registered`);
    this.write({ version: 1, jobs: [...data.jobs, record] });
  }

  update(id: string, patch: Partial<Omit<JobRecord, "id" | "host">>): JobRecord {
    const data = this.read();
    const index = data.jobs.findIndex((j) => j.id === id);
    const current = data.jobs[index];
    if (!current) throw new Error(`no job ${id}`);
    const next = { ...current, ...patch };
    const jobs = [...data.jobs];
    jobs[index] = next;
    this.write({ version: 1, jobs });
    return next;
  }

  private read(): RegistryFile {
    let text: string;
    try {
      text = readFileSync(this.file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return { version: 1, jobs: [] };
      throw err;
    }
    const data = JSON.parse(text) as Partial<RegistryFile>;
    if (data.version !== 1 || !Array.isArray(data.jobs))
      throw new Error(`${this.file}: not a job registry`);
    return { version: 1, jobs: data.jobs };
  }

  /** Write-then-rename, so a crash or a concurrent reader never sees half a file. */
  private write(data: RegistryFile): void {
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}
