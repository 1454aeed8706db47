// The start of a job is one round trip: this script arrives on `bash -s` stdin, writes the job
// directory and launches the wrapper detached (own session and process group, stdin from
// /dev/null, output to the log), so the job outlives the SSH connection that started it.
import { shellJoin, shellPath, shellQuote } from "../transport/shell-quote";
import { assertJobId } from "./job-id";
import { DEFAULT_JOBS_ROOT, type JobSpec, type SlurmJob } from "./job-spec";
import { slurmArgs } from "./slurm-args";

/** The start script's exit status when the working directory (the checkout) does not exist. */
export const CHECKOUT_MISSING = 20;

/** The start script's exit status when a job to wait for (`afterOk`) is not on the host. */
export const PREDECESSOR_MISSING = 18;

/**
 * The exit code recorded for a job that never ran its command because a predecessor did not
 * succeed (its `not_started` file says why; the status reports the reason, not this number).
 */
export const NOT_STARTED_EXIT = 125;

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
    ...(spec.slurm ? slurmDependencies(spec) : predecessorChecks(afterOkOf(spec))),
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

/** The jobs to wait for, valid ids only (they become paths and shell words on the host). */
function afterOkOf(spec: JobSpec): string[] {
  return [...new Set([...(spec.slurm?.afterOk ?? []), ...(spec.afterOk ?? [])])].map(assertJobId);
}

/** Before anything is written: a predecessor that is not on this host can never be waited for. */
function predecessorChecks(after: readonly string[]): string[] {
  // The script has cd'ed into the jobs root.
  return after.map(
    (a) =>
      `[ -d ${a} ] || { echo "agentark-studio: no job ${a} on this host to wait for" >&2; exit ${PREDECESSOR_MISSING}; }`,
  );
}

function directLaunch(): string[] {
  return [
    // The outer bash leads the job's session and process group and reaps the wrapper the moment
    // it exits: an orphan left to an init that reaps late still looks alive to `kill -0`.
    `setsid nohup bash -c ${shellQuote(OUTER)} agentark-job "$d" </dev/null >>"$d/log" 2>&1 &`,
    'printf "%s\\n" "$!" > "$d/pgid"',
  ];
}

/** The Slurm ids of earlier jobs for `--dependency=afterok`, read before the job directory exists. */
function slurmDependencies(spec: JobSpec): string[] {
  return [
    "dep=",
    ...afterOkOf(spec).map(
      (a) =>
        // The script has cd'ed into the jobs root.
        `read -r s 2>/dev/null < ${a}/slurm_id || { echo "agentark-studio: ${a} has no Slurm job id on this host" >&2; exit ${PREDECESSOR_MISSING}; }; dep="$dep:$s"`,
    ),
  ];
}

/** sbatch runs the same wrapper, with the dependency `slurmDependencies` read. */
function slurmLaunch(id: string, slurm: SlurmJob): string[] {
  return [
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
  // Slurm itself holds a job with a dependency; on a direct host the wrapper waits.
  const after = spec.slurm ? [] : afterOkOf(spec);
  return [
    // sbatch needs an interpreter line; the direct launch runs it with bash either way.
    "#!/bin/bash",
    'd="$1"',
    'printf "%s\\n" "$$" > "$d/pid"',
    "cancelled=0",
    // bash runs the trap once the foreground command has ended, so the exit code still lands.
    "trap 'cancelled=1' TERM INT HUP",
    // Read (and deleted) before any wait, so the secrets spend as little time on disk as possible.
    'if [ -f "$d/.secrets" ]; then set -a; . "$d/.secrets"; set +a; rm -f "$d/.secrets"; fi',
    ...(after.length ? waitForPredecessors(after) : []),
    'date -u +%Y-%m-%dT%H:%M:%S.%3NZ > "$d/started_at"',
    'printf "running\\n" > "$d/status"',
    'set -a; . "$d/env"; set +a',
    "run_job() {",
    `  cd ${cwd} || { echo "agentark-studio: cannot enter the checkout "${shellQuote(spec.cwd)} >&2; return 126; }`,
    ...setup.map(
      (s) =>
        `  ${s} || { s=$?; echo "agentark-studio: setup line failed with status $s: "${shellQuote(s)} >&2; return $s; }`,
    ),
    // A cancel's TERM that came before this point reached only the wrapper and the setup (it
    // traps TERM to record the end): the command would start untouched and, under Slurm, live
    // until Slurm's KillWait, since a cancelled job takes no further signals.
    '  [ "$cancelled" = 1 ] && { echo "agentark-studio: cancelled before the command started" >&2; return 143; }',
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

/**
 * The extension's own sequencing on a direct host, run by the detached wrapper so it outlives the
 * editor and the connection: poll each predecessor's directory every 2 s (one `read` and a
 * `kill -0`) until its exit code appears. Anything but 0, a cancellation, or a predecessor that
 * died without an exit code ends this job without running its command; `not_started` records
 * why as `<kind> <id> [<code>]` for the status script, and the log says it in words.
 */
function waitForPredecessors(after: readonly string[]): string[] {
  return [
    'root="${d%/*}"',
    // The same liveness test as the status script: a live pid counts only while it is still
    // that job's wrapper (pids are reused); before its pid is written, its process group.
    "job_alive() {",
    "  local pid= g= argv=()",
    '  if read -r pid 2>/dev/null < "$1/pid"; then',
    "    case \"$pid\" in ''|*[!0-9]*) return 1 ;; esac",
    '    kill -0 "$pid" 2>/dev/null || return 1',
    '    [ -r "/proc/$pid/cmdline" ] || return 0',
    "    mapfile -d '' -t argv 2>/dev/null < \"/proc/$pid/cmdline\"",
    '    [ "${argv[1]:-}" = "$1/run.sh" ]',
    "    return",
    "  fi",
    '  read -r g 2>/dev/null < "$1/pgid" || return 1',
    "  case \"$g\" in ''|*[!0-9]*|0|1) return 1 ;; esac",
    '  kill -0 -- "-$g" 2>/dev/null',
    "}",
    "wait_for() {",
    '  local a="$1" p="$root/$1" c=',
    '  printf "%s\\n" "$a" > "$d/waiting_for"',
    "  while :; do",
    '    if [ "$cancelled" = 1 ] || [ -f "$d/cancel_requested" ]; then not_started="self $a"; return 1; fi',
    '    if read -r c 2>/dev/null < "$p/exit_code"; then',
    '      [ "$c" = 0 ] && return 0',
    "      case \"$c\" in ''|*[!0-9]*) c='?' ;; esac",
    '      if [ -f "$p/cancel_requested" ]; then not_started="cancelled $a"; else not_started="failed $a $c"; fi',
    "      return 1",
    "    fi",
    '    [ -d "$p" ] || { not_started="missing $a"; return 1; }',
    // Read the exit code again after the liveness test: it may have ended in between.
    '    if ! job_alive "$p" && [ ! -e "$p/exit_code" ]; then not_started="lost $a"; return 1; fi',
    // A cancel's TERM reaches this sleep too (same process group), so the wait ends at once.
    "    sleep 2",
    "  done",
    "}",
    "not_started=",
    `for a in ${after.join(" ")}; do wait_for "$a" || break; done`,
    'rm -f "$d/waiting_for"',
    'if [ -n "$not_started" ]; then',
    '  read -r kind pa pc <<< "$not_started"',
    '  case "$kind" in',
    '    failed) why="predecessor $pa failed (exit $pc); not started" ;;',
    '    cancelled) why="predecessor $pa was cancelled; not started" ;;',
    '    lost) why="predecessor $pa ended without an exit code (lost); not started" ;;',
    '    missing) why="predecessor $pa has no job directory; not started" ;;',
    '    *) why="cancelled while waiting for $pa; not started" ;;',
    "  esac",
    '  echo "agentark-studio: $why"',
    '  printf "%s\\n" "$not_started" > "$d/not_started"',
    // A cancelled predecessor cancels this job too, so a job waiting on this one says so as well.
    '  case "$kind" in cancelled|self) : > "$d/cancel_requested"; st=cancelled ;; *) st=failed ;; esac',
    '  date -u +%Y-%m-%dT%H:%M:%S.%3NZ > "$d/ended_at"',
    '  printf "%s\\n" "$st" > "$d/status"',
    `  printf "%s\\n" ${NOT_STARTED_EXIT} > "$d/exit_code.tmp" && mv "$d/exit_code.tmp" "$d/exit_code"`,
    "  exit 0",
    "fi",
  ];
}
