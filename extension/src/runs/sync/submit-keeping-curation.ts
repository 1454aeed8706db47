// Submitting a run whose job rewrites its output where the workspace is its checkout (`local`):
// curated files among its `download:` paths move aside first (keep-curated.ts `keepBeforeJob`),
// and go back if the job cannot be submitted. The editor and the command line both start runs
// through here; they differ only in how they tell the person.
import type { Run } from "../../../../schemas/src/runs/run-file";
import type { JobEngine, SubmitRequest } from "../jobs/job-engine";
import type { JobRecord } from "../jobs/job-registry";
import {
  describeSettled,
  keepBeforeJob,
  rewritesOutput,
  settleKeptForJob,
  type KeptCuration,
} from "./keep-curated";
import { checkoutIsWorkspace } from "./rsync-sync";

export interface KeepingTeller {
  /** A curated file moved aside before the job starts. */
  kept(kept: KeptCuration): void;
  /** What became of them when the job could not be submitted. */
  settled(line: string): void;
}

export async function submitKeepingCuration(
  engine: JobEngine,
  request: SubmitRequest & { readonly id: string },
  workspace: string,
  run: Run | undefined,
  tell: KeepingTeller,
): Promise<JobRecord> {
  if (rewritesOutput(run?.kind) && checkoutIsWorkspace(engine.host(request.host), workspace))
    for (const k of await keepBeforeJob(workspace, request.id, run?.download ?? [])) tell.kept(k);
  try {
    return await engine.submit(request);
  } catch (err) {
    for (const line of describeSettled(settleKeptForJob(workspace, request.id, false), false))
      tell.settled(line);
    throw err;
  }
}
