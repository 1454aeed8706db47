// The Runs UI over the job engine: rows for the view, start/cancel/log, notifications when a
// job ends, CodeLens and tasks. The run file is read afresh for each action, so edits apply.
import { join } from "node:path";
import * as vscode from "vscode";
import {
  LOCAL_HOST,
  parseUserHosts,
  RUN_FILE_NAME,
  withUserHosts,
  type RunFile,
} from "../../../../schemas/src/runs/run-file";
import { JobEngine } from "../jobs/job-engine";
import { newJobId } from "../jobs/job-id";
import { predecessor } from "../jobs/predecessor";
import { JobRegistry, type JobRecord } from "../jobs/job-registry";
import { isFinished, type JobState } from "../jobs/job-state";
import type { Progress } from "../jobs/parse-progress";
import { readRunFile, type HostContext } from "../jobs/run-hosts";
import { preflight } from "../kinds/check-run";
import { prmScoreScriptFile, uploadPrmScoreScript } from "../kinds/prm-score-upload";
import { upload } from "../sync/rsync-sync";
import { submitKeepingCuration } from "../sync/submit-keeping-curation";
import { localUserName } from "../../util/user-name";
import { probeHosts } from "./host-rows";
import { toRows } from "./job-rows";
import { JobLogDocuments } from "./job-log-documents";
import type { HostRow, JobRow, RunsApi, RunsApiDeps } from "./runs-api";
import { newRunFlow, type NewRunPreset } from "./new-run-flow";
import { runCodeLenses } from "./run-code-lenses";
import { RunResults } from "./run-results";
import { RunTasks } from "./run-tasks";
import { runsAllowed } from "./runs-trust";

const OPEN_RESULTS = "Open Results";
const SHOW_LOG = "Show Log";

export class RunsService implements RunsApi {
  private readonly registry = new JobRegistry();
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeRows = this.emitter.event;
  private current: JobRow[] = [];
  private readonly progress = new Map<string, Progress>();
  private readonly logs: JobLogDocuments;
  private readonly tasks: RunTasks;
  private readonly results: RunResults;
  private refreshing: Promise<void> | undefined;
  private saidHostProblems = "";

  constructor(private readonly deps: RunsApiDeps) {
    this.logs = new JobLogDocuments((id, options) => this.engine().follow(id, options), deps.log);
    this.tasks = new RunTasks(this);
    this.results = new RunResults({
      workspace: () => this.workspace,
      runFile: () => this.readRunFile(),
      engine: (file) => this.engine(file),
      liveSync: () => deps.settings()["runs.liveSync"],
      log: deps.log,
    });
    this.current = toRows(this.registry.list(), new Map(), this.progress);
  }

  get workspace(): string | undefined {
    return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  }

  /** The run file, read afresh, with the user's own hosts (`agentark.runs.hosts`) added. */
  readRunFile(): RunFile {
    const ws = this.workspace;
    const file = ws ? readRunFile(join(ws, RUN_FILE_NAME)) : {};
    const { hosts, problems } = parseUserHosts(this.deps.settings()["runs.hosts"]);
    const said = problems.join("\n");
    if (said && said !== this.saidHostProblems) this.deps.log.warn(`runs: ${said}`);
    this.saidHostProblems = said;
    return withUserHosts(file, hosts);
  }

  engine(file: RunFile = this.readRunFile()): JobEngine {
    return new JobEngine(file.hosts ?? {}, this.hostContext(), this.registry);
  }

  private hostContext(): HostContext {
    const sshConfigFile = this.deps.settings()["runs.sshConfigFile"];
    return { workspace: this.workspace ?? ".", ...(sshConfigFile ? { sshConfigFile } : {}) };
  }

  rows(): readonly JobRow[] {
    return this.current;
  }

  hasActiveJobs(): boolean {
    return this.current.some((r) => !isFinished(r.status));
  }

  refresh(): Promise<void> {
    this.refreshing ??= this.doRefresh().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async doRefresh(): Promise<void> {
    const before = new Map(this.current.map((r) => [r.id, r.status]));
    // Restricted Mode: hosts come from the workspace's run file, so none is contacted.
    if (!vscode.workspace.isTrusted) {
      this.current = toRows(this.registry.list(), new Map(), this.progress);
      this.emitter.fire();
      return;
    }
    try {
      const { jobs, states, errors } = await this.engine().refresh();
      for (const [host, error] of errors)
        this.deps.log.warn(
          `runs: ${host}: ${error instanceof Error ? error.message : String(error)}`,
        );
      this.current = toRows(jobs, states, this.progress);
      // Curated files that ended jobs in the workspace's checkout kept: carried or put back.
      await this.results
        .settleEnded((id) => this.registry.get(id)?.status)
        .catch((err: unknown) => this.deps.log.error("runs: settling kept curation failed", err));
      for (const job of jobs) {
        const was = before.get(job.id);
        if (was && !isFinished(was) && isFinished(job.status))
          void this.ended(job, states.get(job.id));
        // Also after a restart of the editor: a running job's results are mirrored again.
        else if (!isFinished(job.status)) this.results.follow(job);
      }
    } catch (err) {
      this.deps.log.error("runs: refresh failed", err);
    } finally {
      this.emitter.fire();
    }
  }

  /** Brings a succeeded job's results back, then says how the job ended. */
  private async ended(job: JobRecord, state: JobState | undefined): Promise<void> {
    const name = job.run ?? job.id;
    const code = job.exitCode === undefined ? "" : ` with exit code ${job.exitCode}`;
    let text = `Run ${name} on ${job.host} ${job.status}${code}${state?.reason ? `: ${state.reason}` : ""}.`;
    const actions: string[] = [];
    let ok = job.status === "succeeded";
    if (ok) {
      try {
        if ((await this.results.fetch(job)).length > 0) actions.push(OPEN_RESULTS);
      } catch (err) {
        ok = false;
        text += ` Its results could not be brought back: ${err instanceof Error ? err.message : String(err)}`;
        this.deps.log.error(`runs: ${job.id}: download failed`, err);
      }
    }
    actions.push(SHOW_LOG);
    const show = ok ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
    const choice = await show(text, ...actions);
    if (choice === SHOW_LOG) await this.showLog(job.id);
    if (choice === OPEN_RESULTS) await this.openResults(job.id);
  }

  /** Opens a job's `download:` files: live while it runs, fetched once it has succeeded. */
  async openResults(id: string): Promise<void> {
    if (!runsAllowed()) return;
    const job = this.registry.get(id);
    if (!job) throw new Error(`no job ${id}`);
    await this.results.open(job);
  }

  async startRun(name?: string): Promise<void> {
    const record = await this.submit(name);
    if (!record) return;
    void vscode.window.showInformationMessage(
      `Started ${record.run ?? record.id} on ${record.host} (job ${record.id}).`,
    );
  }

  /** The guided flow: writes a new run into the run file, then offers to start it. */
  async newRun(preset?: NewRunPreset): Promise<void> {
    if (!runsAllowed()) return;
    const ws = this.workspace;
    if (!ws) throw new Error("open a workspace folder first: the run file lives at its root");
    const name = await newRunFlow({ workspace: ws, runFile: this.readRunFile() }, preset);
    if (!name) return;
    const host = this.readRunFile().runs?.[name]?.host ?? LOCAL_HOST;
    const start = await vscode.window.showInformationMessage(
      `Added run ${name} to ${RUN_FILE_NAME}. Start it on ${host} now?`,
      "Start",
    );
    if (start) await this.startRun(name);
  }

  /** Checks and submits run `name` (asking for it if unset); undefined when refused or cancelled. */
  async submit(name?: string): Promise<JobRecord | undefined> {
    if (!runsAllowed()) return undefined;
    if (!this.workspace)
      throw new Error("open a workspace folder with an agentark.runs.yaml first");
    const file = this.readRunFile();
    const runName = name ?? (await this.pickRun(file));
    if (!runName) return undefined;
    const check = preflight(file, runName);
    if (!check.command) throw new Error(`no run "${runName}" in ${RUN_FILE_NAME}`);
    for (const f of check.findings)
      this.deps.log.info(
        `runs: ${runName}: ${f.severity}: ${f.path.join(".")}: ${f.message} [${f.code}]`,
      );
    const errors = check.findings.filter((f) => f.severity === "error");
    if (errors.length) {
      void vscode.window.showErrorMessage(
        `Run ${runName} not started: ${errors.map((f) => f.message).join("; ")}`,
        { modal: false },
      );
      return undefined;
    }
    const warnings = check.findings.filter((f) => f.severity === "warning");
    if (warnings.length) {
      const go = await vscode.window.showWarningMessage(
        `Run ${runName}: ${warnings.map((f) => f.message).join("; ")}`,
        { modal: true },
        "Run Anyway",
      );
      if (!go) return undefined;
    }
    const engine = this.engine(file);
    const secretValues: Record<string, string> = {};
    for (const secret of check.command.secrets ?? []) {
      const value = await this.secret(secret);
      if (value === undefined) return undefined;
      secretValues[secret] = value;
    }
    const afterOk = await predecessor(engine, file.runs?.[runName]?.after, check.host);
    const id = newJobId(runName);
    const uploads = file.runs?.[runName]?.upload ?? [];
    const ws = this.workspace;
    if (uploads.length > 0)
      await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Sending ${uploads.length} file(s) to ${check.host} for ${runName}`,
        },
        () => upload(engine.host(check.host), uploads, ws, { jobId: id }),
      );
    if (file.runs?.[runName]?.kind === "prm-score")
      await uploadPrmScoreScript(
        engine.host(check.host),
        prmScoreScriptFile(this.deps.context.extensionPath),
      );
    const record = await submitKeepingCuration(
      engine,
      {
        host: check.host,
        command: check.command,
        run: runName,
        secretValues,
        id,
        ...(afterOk ? { afterOk: [afterOk] } : {}),
      },
      ws,
      file.runs?.[runName],
      localUserName(),
      {
        kept: (k) => this.results.tellKept(k, runName),
        settled: (s) => this.results.tellSettled(s),
      },
    );
    this.results.follow(record);
    this.current = toRows(this.registry.list(), new Map(), this.progress);
    this.emitter.fire();
    return record;
  }

  private async pickRun(file: RunFile): Promise<string | undefined> {
    const items = Object.entries(file.runs ?? {}).map(([name, run]) => ({
      label: name,
      description: `${run.kind} on ${run.host ?? LOCAL_HOST}`,
    }));
    if (!items.length) throw new Error(`no runs in ${RUN_FILE_NAME}`);
    const pick = await vscode.window.showQuickPick(items, { placeHolder: "Run which?" });
    return pick?.label;
  }

  private async secret(name: string): Promise<string | undefined> {
    const key = `agentark.secret.${name}`;
    const stored = await this.deps.context.secrets.get(key);
    if (stored !== undefined) return stored;
    const value = await vscode.window.showInputBox({
      prompt: `Value of ${name} (kept in VS Code's secret storage, passed to the job without argv or logs)`,
      password: true,
      ignoreFocusOut: true,
    });
    if (value !== undefined) await this.deps.context.secrets.store(key, value);
    return value;
  }

  async showLog(id: string): Promise<void> {
    if (!runsAllowed()) return;
    await this.logs.open(id);
  }

  async cancel(id: string): Promise<void> {
    if (!runsAllowed()) return;
    const job = this.registry.get(id);
    if (!job) throw new Error(`no job ${id}`);
    const ok = await vscode.window.showWarningMessage(
      `Cancel ${job.run ?? id} on ${job.host}? Its process group is stopped (scancel on Slurm).`,
      { modal: true },
      "Cancel Job",
    );
    if (!ok) return;
    const state = await this.engine().cancel(id);
    this.deps.log.info(`runs: cancelled ${id}: ${state.status}`);
    await this.refresh();
  }

  codeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    return runCodeLenses(document);
  }

  provideTasks(): vscode.Task[] {
    return this.tasks.provide(this.readRunFile());
  }

  resolveTask(task: vscode.Task): vscode.Task | undefined {
    return this.tasks.resolve(task);
  }

  probeHosts(): Promise<HostRow[]> {
    return probeHosts(this.readRunFile(), this.hostContext());
  }

  dispose(): void {
    this.results.dispose();
    this.logs.dispose();
    this.emitter.dispose();
  }
}
