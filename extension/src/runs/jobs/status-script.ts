// Status of any number of jobs on one host in one round trip: a bash script that prints one JSON
// array, so the cost of a refresh is one round trip whatever the number of jobs.
import { shellPath, shellQuote } from "../transport/shell-quote";
import { assertJobId } from "./job-id";
import { DEFAULT_JOBS_ROOT } from "./job-spec";
import type { RemoteJobFacts } from "./job-state";

/** Bytes of log end sent back for running jobs, enough for the last progress bar update. */
export const TAIL_BYTES = 4096;

export function buildStatusScript(ids: readonly string[], jobsRoot = DEFAULT_JOBS_ROOT): string {
  const quoted = ids.map((id) => shellQuote(assertJobId(id))).join(" ");
  // Per job only builtins run (read, kill -0, printf -v, mapfile); one `stat` sizes every log at
  // the end, and only live jobs cost a `tail | base64` for their progress.
  return `root=${shellPath(jobsRoot)}
# The same absolute form the start script recorded in the wrapper's command line.
cd "$root" 2>/dev/null && root="$PWD"
num() { case "$2" in ''|*[!0-9]*) printf -v "$1" null ;; *) printf -v "$1" '%s' "$2" ;; esac; }
stamp() { case "$2" in ''|*[!0-9TZ:.-]*) printf -v "$1" null ;; *) printf -v "$1" '"%s"' "$2" ;; esac; }
# What the wrapper writes as the job goes, read into the caller's variables.
read_record() {
  code= started= ended= waiting= notst=
  read -r code 2>/dev/null < "$d/exit_code"
  read -r started 2>/dev/null < "$d/started_at"
  read -r ended 2>/dev/null < "$d/ended_at"
  read -r waiting 2>/dev/null < "$d/waiting_for"
  case "$waiting" in *[!A-Za-z0-9._-]*) waiting= ;; esac
  read -r notst 2>/dev/null < "$d/not_started"
  case "$notst" in *[!A-Za-z0-9._?\\ -]*) notst= ;; esac
}
# One squeue for every Slurm job of this user (it keeps finished ones for MinJobAge), asked
# BEFORE the job files are read: a job that ends in between has written its exit_code by then,
# so "gone from squeue" never meets a stale "no exit code yet". squeue failing (controller down)
# is not the same as squeue forgetting the job: sok says which.
declare -A sstate=()
sok=true
for id in ${quoted}; do
  [ -f "$root/$id/slurm_id" ] || continue
  if sq=$(squeue -h -t all -u "$(id -un)" -o '%i %T' 2>/dev/null); then
    while read -r i st; do [ -n "$i" ] && sstate[$i]=$st; done <<< "$sq"
  else sok=false; fi
  break
done
rows=() logs=() sids=() ssts=()
for id in ${quoted}; do
  d="$root/$id"
  if [ ! -d "$d" ]; then
    printf -v row '{"id":"%s","exists":false' "$id"; rows+=("$row"); logs+=(""); sids+=(""); ssts+=(""); continue
  fi
  pid= pgid= code= started= ended= alive=false cancel=false tail= sid= waiting= notst= sst=
  read -r pid 2>/dev/null < "$d/pid"
  read -r pgid 2>/dev/null < "$d/pgid"
  read_record
  read -r sid 2>/dev/null < "$d/slurm_id"
  case "$sid" in ''|*[!0-9]*) sid= ;; esac
  if [ -n "$sid" ]; then
    sst=\${sstate[$sid]:-}
    case "$sst" in *[!A-Z_]*) sst= ;; esac
    # Without accounting Slurm forgets a job MinJobAge after it ends. A final state it gave
    # without an exit code (killed, out of memory, node failure) is kept in the job directory,
    # and stands in once squeue no longer knows the job. Not COMPLETED: that job's exit code
    # may just not be visible here yet (a shared filesystem), and will be.
    if [ -z "$code" ]; then
      case "$sst" in
        '') read -r sst 2>/dev/null < "$d/slurm_state"; case "$sst" in *[!A-Z_]*) sst= ;; esac ;;
        FAILED|CANCELLED|TIMEOUT|OUT_OF_MEMORY|NODE_FAIL|PREEMPTED|BOOT_FAIL|DEADLINE)
          [ -e "$d/slurm_state" ] || printf '%s\\n' "$sst" > "$d/slurm_state" 2>/dev/null ;;
      esac
    fi
  fi
  sids+=("$sid") ssts+=("$sst")
  [ -e "$d/cancel_requested" ] && cancel=true
  case "$pid" in ''|*[!0-9]*) pid= ;; *)
    # A live pid only counts while it is still our wrapper: pids are reused.
    if kill -0 "$pid" 2>/dev/null; then
      if [ -r "/proc/$pid/cmdline" ]; then
        argv=()
        mapfile -d '' -t argv 2>/dev/null < "/proc/$pid/cmdline"
        [ "\${argv[1]:-}" = "$d/run.sh" ] && alive=true
      else alive=true; fi
    fi ;;
  esac
  # Before the wrapper writes its pid, the job's process group is the sign of life.
  if [ -z "$pid" ] && [ -z "$code" ]; then
    case "$pgid" in ''|*[!0-9]*|0|1) ;; *) kill -0 -- "-$pgid" 2>/dev/null && alive=true ;; esac
  fi
  # A job that ended between the reads above and the liveness test wrote its exit_code before
  # it exited: read its record again rather than call it gone.
  [ "$alive" = false ] && [ -z "$code" ] && [ -e "$d/exit_code" ] && read_record
  [ "$alive" = true ] && [ -f "$d/log" ] && tail=$(tail -c ${TAIL_BYTES} "$d/log" | base64 | tr -d '\\n')
  num pid "$pid"; num pgid "$pgid"; num code "$code"; stamp started "$started"; stamp ended "$ended"
  printf -v row '{"id":"%s","exists":true,"pid":%s,"pgid":%s,"alive":%s,"exit_code":%s,"started_at":%s,"ended_at":%s,"cancel_requested":%s,"waiting_for":"%s","not_started":"%s","tail":"%s"' \\
    "$id" "$pid" "$pgid" "$alive" "$code" "$started" "$ended" "$cancel" "$waiting" "$notst" "$tail"
  rows+=("$row")
  if [ -f "$d/log" ]; then logs+=("$d/log"); else logs+=(""); fi
done
existing=() sizes=()
for l in "\${logs[@]}"; do [ -n "$l" ] && existing+=("$l"); done
[ \${#existing[@]} -gt 0 ] && mapfile -t sizes < <(stat -c %s -- "\${existing[@]}" 2>/dev/null)
printf '['
sep= k=0
for i in "\${!rows[@]}"; do
  size=0
  if [ -n "\${logs[$i]}" ]; then size=\${sizes[$k]:-0}; k=$((k+1)); fi
  case "$size" in ''|*[!0-9]*) size=0 ;; esac
  sst=null
  s=\${sids[$i]:-}
  [ -n "$s" ] && printf -v sst '"%s"' "\${ssts[$i]:-}"
  printf '%s%s,"log_size":%s,"slurm_id":%s,"slurm_state":%s,"slurm_ok":%s}' "$sep" "\${rows[$i]}" "$size" "\${s:-null}" "$sst" "$sok"; sep=,
done
printf ']\\n'
`;
}

/** Parses the status script's output; anything malformed is an error, not a guess. */
export function parseStatusOutput(stdout: string): RemoteJobFacts[] {
  const raw: unknown = JSON.parse(stdout);
  if (!Array.isArray(raw)) throw new Error("job status: expected a JSON array");
  return raw.map(toFacts);
}

function toFacts(item: unknown): RemoteJobFacts {
  if (typeof item !== "object" || item === null) throw new Error("job status: expected objects");
  const o = item as Record<string, unknown>;
  if (typeof o.id !== "string") throw new Error("job status: an entry has no id");
  if (o.exists !== true)
    return { id: o.id, exists: false, alive: false, cancelRequested: false, logSize: 0 };
  const tail =
    typeof o.tail === "string" && o.tail
      ? Buffer.from(o.tail, "base64").toString("utf8")
      : undefined;
  return {
    id: o.id,
    exists: true,
    pid: optionalInt(o.pid),
    pgid: optionalInt(o.pgid),
    alive: o.alive === true,
    exitCode: optionalInt(o.exit_code),
    startedAt: optionalString(o.started_at),
    endedAt: optionalString(o.ended_at),
    cancelRequested: o.cancel_requested === true,
    logSize: optionalInt(o.log_size) ?? 0,
    ...(typeof o.slurm_id === "number" ? { slurmId: String(o.slurm_id) } : {}),
    ...(typeof o.slurm_state === "string" ? { slurmState: o.slurm_state } : {}),
    ...(o.slurm_ok === false ? { slurmUnanswered: true } : {}),
    ...(typeof o.waiting_for === "string" && o.waiting_for ? { waitingFor: o.waiting_for } : {}),
    ...(typeof o.not_started === "string" && o.not_started ? { notStarted: o.not_started } : {}),
    ...(tail === undefined ? {} : { logTail: tail }),
  };
}

function optionalInt(v: unknown): number | undefined {
  return typeof v === "number" && Number.isInteger(v) ? v : undefined;
}

function optionalString(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}
