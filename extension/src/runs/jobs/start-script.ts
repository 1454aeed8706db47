// The start of a job is one round trip: this script arrives on `bash -s` stdin, writes the job
// directory and launches the wrapper detached (own session and process group, stdin from
// /dev/null, output to the log), so the job outlives the SSH connection that started it.
import { shellJoin, shellPath, shellQuote } from "../transport/shell-quote";
import { assertJobId } from "./job-id";
import { DEFAULT_JOBS_ROOT, type JobSpec, type SlurmJob } from "./job-spec";
import { slurmArgs } from "./slurm-args";

/** The start script's exit status when the working directory (the checkout) does not exist. */
export const CHECKOUT_MISSING = 20;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

// A trap, not an ignore: ignored signals would be inherited by the job and make it uncancellable.
const OUTER = 'trap : INT TERM; bash "$1/run.sh" "$1"; exit 0';

/** The shell line the job runs, as written to the `command` file. */
export function commandLine(argv: readonly string[]): string {
  if (argv.length === 0) throw new Error("a job needs a command");
  return shellJoin(argv);
}

export function buildStartScript(spec: JobSpec): string {
  const id = assertJobId(spec.id);
  const line = commandLine(spec.argv);
  const files: [string, string][] = [
    ["command", `${JSON.stringify(spec.argv)}\n${line}\n`],
    ["env", exportLines(spec.env ?? {})],
    ["run.sh", wrapperScript(spec, line)],
  ];
  const secrets = exportLines(spec.secrets ?? {});
  return [
    "set -eu",
    "umask 077",
    // Checked before anything is written: a missing checkout is the commonest setup mistake.
    `[ -d ${shellPath(spec.cwd)} ] || { echo "agentark-studio: no directory "${shellQuote(spec.cwd)} >&2; exit ${CHECKOUT_MISSING}; }`,
    `root=${shellPath(spec.jobsRoot ?? DEFAULT_JOBS_ROOT)}`,
    // Builtins where possible: each fork is time on the submit path (bench: runs-bench.mjs).
    '[ -d "$root" ] || mkdir -p "$root"',
    'cd "$root"',
    `d="$PWD"/${id}`,
    // A plain mkdir refuses an existing directory: a reused id never clobbers another job.
    'mkdir "$d" || { echo "agentark-studio: job directory exists: $d" >&2; exit 17; }',
    ...files.map(([name, text]) => `printf '%s' ${shellQuote(text)} > "$d/${name}"`),
    ...(secrets ? [`printf '%s' ${shellQuote(secrets)} > "$d/.secrets"`] : []),
    'printf "queued\\n" > "$d/status"',
    ...(spec.slurm ? slurmLaunch(id, spec.slurm) : directLaunch()),
    'printf "%s\\n" "$d"',
    "",
  ].join("\n");
}

function directLaunch(): string[] {
  return [
    // The outer bash leads the job's session and process group and reaps the wrapper the moment
    // it exits: an orphan left to an init that reaps late still looks alive to `kill -0`.
    `setsid nohup bash -c ${shellQuote(OUTER)} agentark-job "$d" </dev/null >>"$d/log" 2>&1 &`,
    'printf "%s\\n" "$!" > "$d/pgid"',
  ];
}

/** sbatch runs the same wrapper; the dependency reads the Slurm ids of earlier jobs here. */
function slurmLaunch(id: string, slurm: SlurmJob): string[] {
  const after = (slurm.afterOk ?? []).map(assertJobId);
  return [
    "dep=",
    ...after.map(
      (a) =>
        // The script has cd'ed into the jobs root.
        `read -r s 2>/dev/null < ${a}/slurm_id || { echo "agentark-studio: ${a} has no Slurm job id" >&2; exit 18; }; dep="$dep:$s"`,
    ),
    `sid=$(sbatch --parsable --job-name=agentark-${id} --output="$d/log" --open-mode=append --chdir="$d" ${shellJoin(slurmArgs(slurm.options))} \${dep:+--dependency=afterok$dep} "$d/run.sh" "$d") || exit 19`,
    'printf "%s\\n" "${sid%%;*}" > "$d/slurm_id"',
  ];
}

function exportLines(vars: Readonly<Record<string, string>>): string {
  return Object.entries(vars)
    .map(([name, value]) => {
      if (!ENV_NAME.test(name)) throw new Error(`not an environment variable name: ${name}`);
      return `export ${name}=${shellQuote(value)}\n`;
    })
    .join("");
}

/**
 * Runs inside the job's own session. It records its pid and timestamps, loads the
 * secrets and deletes their file, enters the checkout, runs the setup lines in this same shell
 * (so `conda activate` takes effect), then the command, and records how it ended.
 */
function wrapperScript(spec: JobSpec, line: string): string {
  const setup = (spec.setup ?? []).flatMap((s) => s.split("\n")).filter((s) => s.trim());
  const cwd = shellPath(spec.cwd);
  return [
    // sbatch needs an interpreter line; the direct launch runs it with bash either way.
    "#!/bin/bash",
    'd="$1"',
    'printf "%s\\n" "$$" > "$d/pid"',
    'date -u +%Y-%m-%dT%H:%M:%S.%3NZ > "$d/started_at"',
    'printf "running\\n" > "$d/status"',
    "cancelled=0",
    // bash runs the trap once the foreground command has ended, so the exit code still lands.
    "trap 'cancelled=1' TERM INT HUP",
    'if [ -f "$d/.secrets" ]; then set -a; . "$d/.secrets"; set +a; rm -f "$d/.secrets"; fi',
    'set -a; . "$d/env"; set +a',
    "run_job() {",
    `  cd ${cwd} || { echo "agentark-studio: cannot enter the checkout "${shellQuote(spec.cwd)} >&2; return 126; }`,
    ...setup.map(
      (s) =>
        `  ${s} || { s=$?; echo "agentark-studio: setup line failed with status $s: "${shellQuote(s)} >&2; return $s; }`,
    ),
    `  ${line}`,
    "}",
    "run_job </dev/null",
    "code=$?",
    'date -u +%Y-%m-%dT%H:%M:%S.%3NZ > "$d/ended_at"',
    'if [ "$cancelled" = 1 ] || [ -f "$d/cancel_requested" ]; then st=cancelled',
    'elif [ "$code" = 0 ]; then st=succeeded; else st=failed; fi',
    'printf "%s\\n" "$st" > "$d/status"',
    // exit_code last, written atomically: its presence means the job record is complete.
    'printf "%s\\n" "$code" > "$d/exit_code.tmp" && mv "$d/exit_code.tmp" "$d/exit_code"',
    "",
  ].join("\n");
}
