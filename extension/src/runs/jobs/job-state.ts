// What the host reports about a job, and the status the UI shows, derived in one place so the
// remote script stays a dumb reporter of files and process liveness.

export const JOB_STATUSES = [
  "queued",
  "running",
  "succeeded",
  "failed",
  "cancelled",
  "lost",
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** One job as the status script saw it on the host. */
export interface RemoteJobFacts {
  readonly id: string;
  readonly exists: boolean;
  readonly pid?: number;
  readonly pgid?: number;
  readonly alive: boolean;
  readonly exitCode?: number;
  readonly startedAt?: string;
  readonly endedAt?: string;
  readonly cancelRequested: boolean;
  readonly logSize: number;
  /** The end of the log (for progress), when the job is alive. */
  readonly logTail?: string;
  /** Slurm jobs: the job id, and its state in `squeue` ("" once Slurm has forgotten it). */
  readonly slurmId?: string;
  readonly slurmState?: string;
  /** squeue failed (controller down or unreachable): the Slurm state is unknown, not forgotten. */
  readonly slurmUnanswered?: boolean;
  /** Direct jobs with `afterOk`: the predecessor the wrapper is waiting for. */
  readonly waitingFor?: string;
  /**
   * Why the job ended without running its command, as the wrapper recorded it:
   * `failed <id> <code>`, `cancelled <id>`, `lost <id>`, `missing <id>` or `self <id>`.
   */
  readonly notStarted?: string;
}

export interface JobState extends RemoteJobFacts {
  readonly status: JobStatus;
  /** Why a job is `lost`. */
  readonly reason?: string;
}

export function deriveJobState(facts: RemoteJobFacts): JobState {
  if (!facts.exists) return { ...facts, status: "lost", reason: "the job directory is gone" };
  if (facts.exitCode !== undefined) {
    if (facts.notStarted !== undefined) return notStarted(facts, facts.notStarted);
    if (facts.cancelRequested) return { ...facts, status: "cancelled" };
    return { ...facts, status: facts.exitCode === 0 ? "succeeded" : "failed" };
  }
  if (facts.slurmId !== undefined) return slurmState(facts);
  if (facts.alive) {
    if (facts.startedAt) return { ...facts, status: "running" };
    return {
      ...facts,
      status: "queued",
      ...(facts.waitingFor ? { reason: `waiting for ${facts.waitingFor}` } : {}),
    };
  }
  if (facts.cancelRequested) return { ...facts, status: "cancelled" };
  return {
    ...facts,
    status: "lost",
    reason:
      facts.pid === undefined
        ? "the job never recorded a process id"
        : `process ${facts.pid} is gone and left no exit code (killed, or the host rebooted)`,
  };
}

const SLURM_QUEUED = new Set([
  "PENDING",
  "CONFIGURING",
  "REQUEUED",
  "RESV_DEL_HOLD",
  "REQUEUE_HOLD",
]);
const SLURM_RUNNING = new Set(["RUNNING", "COMPLETING", "SUSPENDED", "STAGE_OUT", "SIGNALING"]);

/**
 * A job whose predecessor did not succeed: it never ran, so its recorded exit code is the
 * wrapper's, not the command's, and is left out; the reason says what happened.
 */
function notStarted(facts: RemoteJobFacts, record: string): JobState {
  const { exitCode: _wrapperCode, ...rest } = facts;
  const [kind, id = "?", code = "?"] = record.split(" ");
  const reasons: Record<string, string> = {
    failed: `predecessor ${id} failed (exit ${code}); not started`,
    cancelled: `predecessor ${id} was cancelled; not started`,
    lost: `predecessor ${id} ended without an exit code (lost); not started`,
    missing: `predecessor ${id} has no job directory; not started`,
    self: `cancelled while waiting for ${id}; not started`,
  };
  const cancelled = kind === "cancelled" || kind === "self";
  return {
    ...rest,
    status: cancelled ? "cancelled" : "failed",
    reason: reasons[kind ?? ""] ?? `not started (${record})`,
  };
}

/** A Slurm job without an exit code yet: the scheduler's word decides. */
function slurmState(facts: RemoteJobFacts): JobState {
  if (facts.slurmUnanswered && !facts.slurmState)
    return {
      ...facts,
      status: facts.startedAt ? "running" : "queued",
      reason: "squeue did not answer; status as of the job's own files",
    };
  const st = facts.slurmState ?? "";
  if (SLURM_QUEUED.has(st)) return { ...facts, status: "queued" };
  if (SLURM_RUNNING.has(st)) return { ...facts, status: "running" };
  if (st === "CANCELLED" || facts.cancelRequested) return { ...facts, status: "cancelled" };
  if (st && st !== "COMPLETED")
    return { ...facts, status: "failed", reason: `Slurm ended the job: ${st}` };
  return {
    ...facts,
    status: "lost",
    reason: st
      ? "Slurm says COMPLETED but the job left no exit code"
      : `Slurm job ${facts.slurmId} is unknown to squeue and left no exit code`,
  };
}

export function isFinished(status: JobStatus): boolean {
  return status !== "queued" && status !== "running";
}
