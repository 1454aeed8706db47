import type { JobEngine } from "./job-engine";
import { isFinished } from "./job-state";

/**
 * `after: <run>`: the latest job of that run. Slurm hosts chain on it (afterok) even while it is
 * queued or running; direct hosts need it to have succeeded already (nothing waits for it).
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
  if (engine.host(host).scheduler === "slurm" && latest.host === host && !isFinished(status))
    return latest.id;
  throw new Error(`"${after}" (job ${latest.id}) is ${status}; this run needs it to succeed first`);
}
