// The contract between the light part of the Runs UI (in dist/extension.js) and the part that
// holds the job engine (dist/runs.js, loaded on first use). Types only on the light side.
import type * as vscode from "vscode";
import type { Settings } from "../../../../schemas/src/settings";
import type { Log } from "../../util/log";
import type { NewRunPreset } from "./new-run-flow";
import type { JobStatus } from "../jobs/job-state";
import type { Progress } from "../jobs/parse-progress";

/** One job as the Runs view shows it. */
export interface JobRow {
  readonly id: string;
  readonly host: string;
  /** The run's name, or the command line for an ad-hoc job. */
  readonly label: string;
  readonly status: JobStatus;
  readonly exitCode?: number;
  readonly progress?: Progress;
  readonly submittedAt: string;
  readonly startedAt?: string;
  readonly endedAt?: string;
  readonly reason?: string;
}

export interface RunsApi extends vscode.Disposable {
  /** The jobs as last refreshed, newest first. */
  rows(): readonly JobRow[];
  readonly onDidChangeRows: vscode.Event<void>;
  /** Asks every host about its unfinished jobs (one round trip per host). */
  refresh(): Promise<void>;
  /** True while some job is queued or running. */
  hasActiveJobs(): boolean;
  /** Starts run `name`, or asks which one; preflight errors refuse the run. */
  startRun(name?: string): Promise<void>;
  /** The guided "New Run..." flow, optionally entered from a method config. */
  newRun(preset?: NewRunPreset): Promise<void>;
  showLog(id: string): Promise<void>;
  /** Opens the job's `download:` files (the curation editor for `.jsonl`), live while it runs. */
  openResults(id: string): Promise<void>;
  cancel(id: string): Promise<void>;
  codeLenses(document: vscode.TextDocument): vscode.CodeLens[];
  provideTasks(): vscode.Task[];
  resolveTask(task: vscode.Task): vscode.Task | undefined;
  /** Probes every host of the run file (and `local`), one round trip each. */
  probeHosts(): Promise<HostRow[]>;
}

export interface RunsApiDeps {
  readonly context: vscode.ExtensionContext;
  readonly log: Log;
  /** The current `agentark.*` settings. */
  readonly settings: () => Settings;
}

/** One host as the Hosts view shows it. */
export interface HostRow {
  readonly name: string;
  readonly scheduler: "direct" | "slurm";
  readonly reachable: boolean;
  /** Why the host could not be reached or probed. */
  readonly error?: string;
  readonly roundTripMs?: number;
  readonly details: readonly HostDetail[];
}

export interface HostDetail {
  readonly label: string;
  readonly value: string;
  readonly ok: boolean;
  /** Rows under this one (a GPU's processes, the jobs of a Slurm queue). */
  readonly children?: readonly HostDetail[];
  /** A codicon id instead of the ok/warning mark (e.g. for the user's own Slurm jobs). */
  readonly icon?: string;
  readonly tooltip?: string;
}
