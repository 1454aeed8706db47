// `agentark-studio run|jobs|logs|cancel`: the job engine on the command line. Hosts and runs come
// from `agentark.runs.yaml`; jobs are remembered in the local registry across invocations.
import { dirname, resolve } from "node:path";
import { RUN_FILE_NAME } from "../../../schemas/src/runs/run-file";
import { JobEngine } from "../runs/jobs/job-engine";
import { predecessor } from "../runs/jobs/predecessor";
import { JobRegistry, defaultStateDir, type JobRecord } from "../runs/jobs/job-registry";
import { isFinished, type JobState } from "../runs/jobs/job-state";
import { parseProgress } from "../runs/jobs/parse-progress";
import { readRunFile } from "../runs/jobs/run-hosts";
import { preflight } from "../runs/kinds/check-run";
import {
  findExtensionRoot,
  prmScoreScriptFile,
  uploadPrmScoreScript,
} from "../runs/kinds/prm-score-upload";
import { newJobId } from "../runs/jobs/job-id";
import { FileFollower } from "../runs/sync/follow-file";
import { describeKept } from "../runs/sync/keep-curated";
import {
  describeKeptBeforeJob,
  describePutBack,
  type JobSettlement,
} from "../runs/sync/kept-for-jobs";
import { settleNotedJobs, submitKeepingCuration } from "../runs/sync/submit-keeping-curation";
import { localUserName } from "../util/user-name";
import { download, upload, type DownloadResult, type SyncResult } from "../runs/sync/rsync-sync";

export type RunsCommand = "run" | "jobs" | "logs" | "cancel" | "sync";

export const RUNS_USAGE = `usage: agentark-studio run <name> [--wait]
       agentark-studio run --host <host> [--cwd <dir>] [--wait] -- <command...>
       agentark-studio jobs [--json]
       agentark-studio logs <job> [--follow]
       agentark-studio cancel <job>
       agentark-studio sync <job> [--follow] [<path>...]

  common options: --file <run file> (default ./${RUN_FILE_NAME}), --ssh-config <ssh config>
  (default ~/.ssh/config, or $AGENTARK_SSH_CONFIG), --state <dir> (job registry; default
  $AGENTARK_STUDIO_STATE or ~/.local/state/agentark-studio). Secrets a run names are read
  from this process's environment. A run's \`upload:\` files go up before it starts and, with
  --wait, its \`download:\` files come back when it succeeds (rsync over the same connection,
  recorded in .agentark-studio/sync-manifest.jsonl next to the run file). \`sync\` brings a job's
  files (default: its run's \`download:\`) back now; --follow mirrors them while the job runs.

exit status: run 0 started (with --wait: 0 succeeded, 1 failed, cancelled or lost);
             jobs/logs/cancel 0; 1 an error on a host; 2 bad usage`;

class RunsUsageError extends Error {}

interface Parsed {
  readonly positional: string[];
  readonly flags: Set<string>;
  readonly values: Map<string, string>;
  /** Everything after `--`. */
  readonly rest: string[];
}

const VALUE_OPTIONS = new Set(["--file", "--ssh-config", "--state", "--host", "--cwd"]);
const FLAG_OPTIONS: Record<RunsCommand, readonly string[]> = {
  run: ["--wait", "--json"],
  jobs: ["--json"],
  logs: ["--follow"],
  cancel: [],
  sync: ["--follow"],
};

export async function runRunsCommand(command: RunsCommand, argv: string[]): Promise<number> {
  try {
    const args = parseArgs(command, argv);
    const engine = createEngine(args);
    switch (command) {
      case "run":
        return await run(engine, args);
      case "jobs":
        return await jobs(engine, args);
      case "logs":
        return await logs(engine, args);
      case "cancel":
        return await cancel(engine, args);
      case "sync":
        return await sync(engine, args);
    }
  } catch (err) {
    if (err instanceof RunsUsageError) {
      process.stderr.write(`agentark-studio: ${err.message}\n\n${RUNS_USAGE}\n`);
      return 2;
    }
    process.stderr.write(`agentark-studio: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

function parseArgs(command: RunsCommand, argv: readonly string[]): Parsed {
  const dash = argv.indexOf("--");
  const head = dash < 0 ? argv : argv.slice(0, dash);
  const parsed: Parsed = {
    positional: [],
    flags: new Set(),
    values: new Map(),
    rest: dash < 0 ? [] : argv.slice(dash + 1),
  };
  for (let i = 0; i < head.length; i++) {
    const arg = head[i] ?? "";
    if (VALUE_OPTIONS.has(arg)) {
      const value = head[++i];
      if (value === undefined) throw new RunsUsageError(`${arg} needs a value`);
      parsed.values.set(arg, value);
    } else if (FLAG_OPTIONS[command].includes(arg)) parsed.flags.add(arg);
    else if (arg.startsWith("-")) throw new RunsUsageError(`unknown option for ${command}: ${arg}`);
    else parsed.positional.push(arg);
  }
  return parsed;
}

function runFilePath(args: Parsed): string {
  return resolve(args.values.get("--file") ?? RUN_FILE_NAME);
}

function createEngine(args: Parsed): JobEngine {
  const file = readRunFile(runFilePath(args));
  const sshConfig = args.values.get("--ssh-config") ?? process.env.AGENTARK_SSH_CONFIG;
  const registry = new JobRegistry(args.values.get("--state") ?? defaultStateDir());
  return new JobEngine(
    file.hosts ?? {},
    { workspace: process.cwd(), ...(sshConfig ? { sshConfigFile: sshConfig } : {}) },
    registry,
  );
}

async function run(engine: JobEngine, args: Parsed): Promise<number> {
  let record: JobRecord;
  if (args.rest.length > 0) {
    const host = args.values.get("--host");
    if (!host) throw new RunsUsageError("run -- <command> needs --host");
    if (args.positional.length)
      throw new RunsUsageError("give a run name or -- <command>, not both");
    record = await engine.submit({
      host,
      command: { argv: args.rest, env: {}, cwd: args.values.get("--cwd") ?? "checkout" },
    });
  } else {
    const [name, ...extra] = args.positional;
    if (!name || extra.length) throw new RunsUsageError("run needs exactly one run name");
    const file = readRunFile(runFilePath(args));
    const check = preflight(file, name);
    if (!check.command) throw new Error(`no run "${name}" in ${runFilePath(args)}`);
    for (const f of check.findings)
      process.stderr.write(`${f.severity}: ${f.path.join(".")}: ${f.message} [${f.code}]\n`);
    if (check.blocked) return 1;
    const afterOk = await predecessor(engine, file.runs?.[name]?.after, check.host);
    const id = newJobId(name);
    const uploads = file.runs?.[name]?.upload ?? [];
    if (uploads.length)
      report(
        "uploaded",
        await upload(engine.host(check.host), uploads, workspaceOf(args), { jobId: id }),
      );
    if (file.runs?.[name]?.kind === "prm-score")
      await uploadPrmScoreScript(
        engine.host(check.host),
        prmScoreScriptFile(findExtensionRoot(__dirname)),
      );
    const secretValues = Object.fromEntries(
      (check.command.secrets ?? []).flatMap((s) =>
        process.env[s] === undefined ? [] : [[s, process.env[s] ?? ""]],
      ),
    );
    const say = (line: string) => process.stderr.write(`agentark-studio: ${line}\n`);
    record = await submitKeepingCuration(
      engine,
      {
        host: check.host,
        command: check.command,
        run: name,
        secretValues,
        id,
        ...(afterOk ? { afterOk: [afterOk] } : {}),
      },
      workspaceOf(args),
      file.runs?.[name],
      localUserName(),
      {
        kept: (k) => say(describeKeptBeforeJob(k, name)),
        settled: (s) => reportSettled([s]),
      },
    );
  }
  if (args.flags.has("--json")) process.stdout.write(`${JSON.stringify(record)}\n`);
  else process.stdout.write(`${record.id}\n`);
  if (!args.flags.has("--wait")) return 0;
  const state = await followToEnd(engine, record.id);
  process.stderr.write(`agentark-studio: job ${record.id} ${describe(state)}\n`);
  reportSettled(await settleNotedJobs(engine, workspaceOf(args), localUserName(), [record.id]));
  if (state.status !== "succeeded") return 1;
  const downloads = record.run
    ? (readRunFile(runFilePath(args)).runs?.[record.run]?.download ?? [])
    : [];
  if (downloads.length)
    report(
      "downloaded",
      await download(engine.host(record.host), downloads, workspaceOf(args), {
        jobId: record.id,
      }),
    );
  return 0;
}

/** The workspace files sync to and from: the run file's folder. */
function workspaceOf(args: Parsed): string {
  return dirname(runFilePath(args));
}

function reportSettled(settlements: readonly JobSettlement[]): void {
  for (const s of settlements) {
    for (const line of describePutBack(s)) process.stderr.write(`agentark-studio: ${line}\n`);
    for (const k of s.carried) process.stderr.write(`agentark-studio: ${describeKept(k)}\n`);
  }
}

function report(verb: string, result: SyncResult | DownloadResult): void {
  for (const f of result.files)
    process.stderr.write(
      `agentark-studio: ${verb} ${f.localPath} (${f.size} bytes, sha256 ${f.sha256.slice(0, 12)})\n`,
    );
  if (!("kept" in result)) return;
  for (const p of result.keptAsIs)
    process.stderr.write(
      `agentark-studio: ${p} kept as curated here: the host's copy is the one it came from\n`,
    );
  for (const k of result.kept) process.stderr.write(`agentark-studio: ${describeKept(k)}\n`);
}

async function sync(engine: JobEngine, args: Parsed): Promise<number> {
  const [id, ...given] = args.positional;
  if (!id) throw new RunsUsageError("sync needs a job id");
  const job = engine.record(id);
  const paths = given.length
    ? given
    : job.run
      ? (readRunFile(runFilePath(args)).runs?.[job.run]?.download ?? [])
      : [];
  if (paths.length === 0)
    throw new RunsUsageError(`job ${id} names no \`download:\` files; give the paths to sync`);
  const host = engine.host(job.host);
  if (!args.flags.has("--follow")) {
    const ws = workspaceOf(args);
    // Curated files a job in the workspace's checkout kept before it started, once it ended.
    reportSettled(await settleNotedJobs(engine, ws, localUserName(), [id]));
    report("downloaded", await download(host, paths, ws, { jobId: id }));
    return 0;
  }
  const isDone = async () => {
    const state = (await engine.refresh([id])).states.get(id);
    return state ? isFinished(state.status) : false;
  };
  const results = await Promise.all(
    paths.map((remotePath) =>
      new FileFollower({
        target: host,
        remotePath,
        localRoot: workspaceOf(args),
        jobId: id,
        isDone,
        onAppend: (_bytes, size) =>
          process.stderr.write(`agentark-studio: ${remotePath}: ${size} bytes\n`),
      }).run(),
    ),
  );
  for (const r of results) if (r) report("downloaded", r);
  return 0;
}

async function followToEnd(engine: JobEngine, id: string): Promise<JobState> {
  await engine
    .follow(id, {
      onData: (chunk) => process.stdout.write(chunk),
      onReconnect: (_e, attempt) =>
        process.stderr.write(`agentark-studio: reconnecting (${attempt})...\n`),
    })
    .run();
  const { states, errors } = await engine.refresh([id]);
  const state = states.get(id);
  if (!state) {
    const error = errors.get(engine.record(id).host);
    throw error instanceof Error ? error : new Error(`no status for ${id}`);
  }
  return state;
}

async function jobs(engine: JobEngine, args: Parsed): Promise<number> {
  const { jobs: list, states, errors } = await engine.refresh();
  if (args.flags.has("--json")) {
    const rows = list.map((j) => {
      const s = states.get(j.id);
      const progress = s?.logTail ? parseProgress(s.logTail) : undefined;
      return {
        ...j,
        ...(progress ? { progress } : {}),
        ...(s?.reason ? { reason: s.reason } : {}),
      };
    });
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  } else {
    for (const j of list) {
      const s = states.get(j.id);
      const p = s?.logTail ? parseProgress(s.logTail) : undefined;
      const pct = p?.fraction === undefined ? "" : ` ${Math.round(p.fraction * 100)}%`;
      const code = j.exitCode === undefined ? "" : ` (exit ${j.exitCode})`;
      process.stdout.write(
        `${j.id}  ${j.host}  ${j.status}${code}${pct}  ${j.run ?? j.argv.join(" ")}\n`,
      );
    }
    if (list.length === 0) process.stdout.write("no jobs\n");
  }
  for (const [host, error] of errors)
    process.stderr.write(
      `agentark-studio: ${host}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  return errors.size ? 1 : 0;
}

async function logs(engine: JobEngine, args: Parsed): Promise<number> {
  const [id, ...extra] = args.positional;
  if (!id || extra.length) throw new RunsUsageError("logs needs exactly one job id");
  if (!args.flags.has("--follow")) {
    process.stdout.write(await engine.readLog(id));
    return 0;
  }
  await engine.follow(id, { onData: (chunk) => process.stdout.write(chunk) }).run();
  return 0;
}

async function cancel(engine: JobEngine, args: Parsed): Promise<number> {
  const [id, ...extra] = args.positional;
  if (!id || extra.length) throw new RunsUsageError("cancel needs exactly one job id");
  const state = await engine.cancel(id);
  process.stdout.write(`${id} ${describe(state)}\n`);
  return isFinished(state.status) ? 0 : 1;
}

function describe(state: JobState): string {
  const code = state.exitCode === undefined ? "" : ` with exit code ${state.exitCode}`;
  return `${state.status}${code}${state.reason ? `: ${state.reason}` : ""}`;
}
