import type { JobEngine } from "./job-engine";
import { isFinished } from "./job-state";

/**
 * `after: <run>`: the latest job of that run. While it is queued or running on the same host the
 * new job chains on it: an `afterok` dependency on Slurm hosts, a wait in the job's own detached
 * wrapper on direct hosts (both on the host, so they go on without the editor). A predecessor on
 * another host must already have succeeded: nothing on one host waits for a job on another.
 * Returns the job id to chain on, or undefined when nothing needs to wait.
 */
export async function predecessor(
  engine: JobEngine,
  after: string | undefined,
  host: string,
): Promise<string | undefined> {
  if (!after) return undefined;
  const latest = engine.registry
    .list()
    .filter((j) => j.run === after)
    .sort((a, b) => a.submittedAt.localeCompare(b.submittedAt))
    .at(-1);
  if (!latest) throw new Error(`run "${after}" first: this run comes after it`);
  const state = (await engine.refresh([latest.id])).states.get(latest.id);
  const status = state?.status ?? latest.status;
  if (status === "succeeded") return undefined;
  if (isFinished(status))
    throw new Error(
      `"${after}" (job ${latest.id}) is ${status}${state?.reason ? ` (${state.reason})` : ""}; this run needs it to succeed first`,
    );
  if (latest.host !== host)
    throw new Error(
      `"${after}" (job ${latest.id}) is ${status} on host "${latest.host}"; a run on "${host}" can only follow it once it has succeeded (a job waits for jobs on its own host only)`,
    );
  return latest.id;
}
