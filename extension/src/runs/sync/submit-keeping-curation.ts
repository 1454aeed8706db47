// Submitting a run whose job rewrites its output where the workspace is its checkout (`local`):
// jobs that kept files and have ended are settled first, then curated files among its
// `download:` paths move aside (kept-for-jobs.ts), and go back if the job cannot be submitted.
// The editor and the command line both start runs through here; they differ only in how they
// tell the person.
import type { Run } from "../../../../schemas/src/runs/run-file";
import type { JobEngine, SubmitRequest } from "../jobs/job-engine";
import type { JobRecord } from "../jobs/job-registry";
import type { KeptCuration } from "./keep-curated";
import {
  keepBeforeJob,
  notedJobs,
  rewritesOutput,
  settleEndedJobs,
  type JobSettlement,
} from "./kept-for-jobs";
import { checkoutIsWorkspace } from "./rsync-sync";

export interface KeepingTeller {
  /** A curated file moved aside before the job starts. */
  kept(kept: KeptCuration): void;
  /** An earlier job's kept files, settled now that it has ended (or this job failed to start). */
  settled(settlement: JobSettlement): void;
}

/** Settles the noted jobs among `only` (all when absent) that have ended, asking their hosts. */
export async function settleNotedJobs(
  engine: JobEngine,
  workspace: string,
  author: string,
  only?: readonly string[],
): Promise<JobSettlement[]> {
  const ids = notedJobs(workspace).filter(
    (id) => engine.registry.get(id) && (!only || only.includes(id)),
  );
  if (ids.length === 0) return [];
  const { states } = await engine.refresh(ids);
  return settleEndedJobs(
    workspace,
    (id) => states.get(id)?.status ?? engine.registry.get(id)?.status,
    author,
    ids,
  );
}

export async function submitKeepingCuration(
  engine: JobEngine,
  request: SubmitRequest & { readonly id: string },
  workspace: string,
  run: Run | undefined,
  author: string,
  tell: KeepingTeller,
): Promise<JobRecord> {
  if (!rewritesOutput(run?.kind) || !checkoutIsWorkspace(engine.host(request.host), workspace))
    return engine.submit(request);
  for (const s of await settleNotedJobs(engine, workspace, author)) tell.settled(s);
  for (const k of await keepBeforeJob(workspace, request.id, run?.download ?? [])) tell.kept(k);
  try {
    return await engine.submit(request);
  } catch (err) {
    // Never started: it wrote nothing, so everything it kept goes back.
    for (const s of await settleEndedJobs(workspace, () => "failed", author, [request.id]))
      tell.settled(s);
    throw err;
  }
}
