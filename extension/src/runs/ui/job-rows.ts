import type { JobRecord } from "../jobs/job-registry";
import type { JobState } from "../jobs/job-state";
import { parseProgress, type Progress } from "../jobs/parse-progress";
import type { JobRow } from "./runs-api";

/** Registry records plus the latest host states (and remembered progress), newest first. */
export function toRows(
  jobs: readonly JobRecord[],
  states: ReadonlyMap<string, JobState>,
  progress: Map<string, Progress>,
): JobRow[] {
  return [...jobs]
    .sort((a, b) => b.submittedAt.localeCompare(a.submittedAt))
    .map((j) => {
      const s = states.get(j.id);
      const p = s?.logTail ? parseProgress(s.logTail) : undefined;
      if (p) progress.set(j.id, p);
      const known = progress.get(j.id);
      return {
        id: j.id,
        host: j.host,
        label: j.run ?? j.argv.join(" "),
        status: j.status,
        submittedAt: j.submittedAt,
        ...(j.exitCode === undefined ? {} : { exitCode: j.exitCode }),
        ...(known ? { progress: known } : {}),
        ...(j.startedAt ? { startedAt: j.startedAt } : {}),
        ...(j.endedAt ? { endedAt: j.endedAt } : {}),
        ...(s?.reason ? { reason: s.reason } : {}),
      };
    });
}
