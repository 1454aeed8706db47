// The small remote scripts for cancelling a job and reading its log.
import { shellPath, shellQuote } from "../transport/shell-quote";
import { assertJobId } from "./job-id";
import { DEFAULT_JOBS_ROOT } from "./job-spec";

function jobDir(id: string, jobsRoot: string): string {
  return `d=${shellPath(jobsRoot)}/${shellQuote(assertJobId(id))}`;
}

/**
 * TERM to the job's whole process group, then KILL after `graceSeconds`. The marker file is
 * written first so the wrapper (or the status script, if the wrapper dies too) says `cancelled`.
 * Exit 0: the group is gone; 3: no such job; 4: it has no process group on record; 5: a process
 * outlived KILL; 6: scancel failed; 7: Slurm still lists the job after its KillWait.
 */
export function buildCancelScript(
  id: string,
  graceSeconds: number,
  jobsRoot = DEFAULT_JOBS_ROOT,
): string {
  const ticks = Math.max(1, Math.round(graceSeconds * 10));
  return `${jobDir(id, jobsRoot)}
[ -d "$d" ] || exit 3
if read -r sid 2>/dev/null < "$d/slurm_id"; then
  [ -e "$d/exit_code" ] && exit 0
  : > "$d/cancel_requested"
  scancel "$sid" || exit 6
  # Wait until Slurm has let go of it (the wrapper may still write its exit code). Slurm itself
  # KILLs what outlives the TERM after its KillWait (30 s by default), and a cancelled job takes
  # no further signal from scancel, so the wait covers KillWait.
  kw=$(scontrol show config 2>/dev/null | sed -n 's/^KillWait *= *\\([0-9][0-9]*\\) *sec.*/\\1/p')
  limit=$(( \${kw:-30} * 10 ))
  [ $limit -lt ${ticks} ] && limit=${ticks}
  i=0
  while [ $i -lt $((limit + 100)) ]; do
    st=$(squeue -h -j "$sid" -t all -o %T 2>/dev/null)
    case "$st" in PENDING|RUNNING|COMPLETING|CONFIGURING|SUSPENDED) ;; *) exit 0 ;; esac
    sleep 0.1; i=$((i+1))
  done
  exit 7
fi
read -r g 2>/dev/null < "$d/pgid" || exit 4
case "$g" in ''|*[!0-9]*|0|1) exit 4 ;; esac
# kill -0 counts zombies, which linger where init reaps late; read the states instead.
live() {
  [ -r /proc/self/stat ] || { kill -0 -- "-$g" 2>/dev/null; return; }
  local f line
  for f in /proc/[0-9]*/stat; do
    read -r line 2>/dev/null < "$f" || continue
    set -- \${line##*) }
    [ "$3" = "$g" ] && [ "$1" != Z ] && return 0
  done
  return 1
}
[ -e "$d/exit_code" ] && ! live && exit 0
: > "$d/cancel_requested"
kill -TERM -- "-$g" 2>/dev/null || exit 0
i=0
while live && [ $i -lt ${ticks} ]; do sleep 0.1; i=$((i+1)); done
# Stragglers too: children the job put in the background still belong to its group.
kill -KILL -- "-$g" 2>/dev/null || true
i=0
while live && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
live && exit 5
exit 0
`;
}

/**
 * Streams the log from byte `offset` (0-based) and ends when the job's wrapper exits. GNU tail
 * follows by inotify, so a new line is sent as soon as it is written; `--pid` ends the stream
 * after a last read once the job is gone. Exit 3: no such job.
 */
export function buildFollowScript(
  id: string,
  offset: number,
  jobsRoot = DEFAULT_JOBS_ROOT,
): string {
  const from = Math.max(0, Math.floor(offset)) + 1;
  return `${jobDir(id, jobsRoot)}
[ -d "$d" ] || exit 3
: >> "$d/log"
if [ -e "$d/slurm_id" ]; then
  # The job runs on a compute node: its pid means nothing here, and inotify does not see writes
  # made on another node of a shared filesystem. Poll sizes and send exactly [off, size).
  off=${from - 1} n=0
  while :; do
    fin=0 n=$((n + 1))
    [ -e "$d/exit_code" ] && fin=1
    # Ask the controller only every ~5 s: it serves the whole cluster.
    if [ $fin = 0 ] && [ $((n % 20)) = 0 ] && read -r sid < "$d/slurm_id"; then
      case "$(squeue -h -j "$sid" -t all -o %T 2>/dev/null)" in
        PENDING|RUNNING|COMPLETING|CONFIGURING|SUSPENDED|REQUEUED) ;; *) fin=1 ;;
      esac
    fi
    size=$(stat -c %s "$d/log")
    if [ "$size" -gt "$off" ]; then tail -c +$((off + 1)) "$d/log" | head -c $((size - off)); off=$size; fi
    [ $fin = 1 ] && exit 0
    sleep 0.25
  done
fi
pid=
i=0
# Just after the start, the wrapper may not have written its pid yet.
while ! read -r pid 2>/dev/null < "$d/pid" && [ ! -e "$d/exit_code" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done
[ -e "$d/exit_code" ] && pid=
case "$pid" in ''|*[!0-9]*) exec tail -c +${from} "$d/log" ;; esac
exec tail -c +${from} --pid="$pid" -s 0.2 -f "$d/log"
`;
}

/** The log from byte `offset`, without following. */
export function buildReadLogScript(
  id: string,
  offset: number,
  jobsRoot = DEFAULT_JOBS_ROOT,
): string {
  const from = Math.max(0, Math.floor(offset)) + 1;
  return `${jobDir(id, jobsRoot)}
[ -d "$d" ] || exit 3
[ -f "$d/log" ] || exit 0
exec tail -c +${from} "$d/log"
`;
}
