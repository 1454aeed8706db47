// A job whose checkout is the workspace (`local` by default) writes its results in place, where no
// download can guard them. Before a run that writes its output anew starts there (label.py opens
// it with "w"), curated files among its `download:` paths move aside as a download would move
// them (keep-curated.ts), and a note per job, `.agentark-studio/kept-for-jobs/<job id>.json`,
// remembers them. Once the job has ended, whoever sees it first (the editor's refresh, or the
// command line's `run`, `run --wait`, `sync`) settles the note: the person's work is carried onto
// each file the job wrote, and a file it did not write goes back in place.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import type { JobStatus } from "../jobs/job-state";
import { isFinished } from "../jobs/job-state";
import { carryKept, isCurated, keepAside, putBack, type KeptCuration } from "./keep-curated";

const NOTES_DIR = ".agentark-studio/kept-for-jobs";

/**
 * Run kinds whose program writes its output anew (label.py opens it with "w"). inference.py
 * appends to its file, which loses nothing, so inference runs move nothing.
 */
const REWRITING_KINDS: ReadonlySet<string> = new Set(["label"]);

export function rewritesOutput(kind: string | undefined): boolean {
  return kind !== undefined && REWRITING_KINDS.has(kind);
}

function noteFile(localRoot: string, jobId: string): string {
  return join(localRoot, NOTES_DIR, `${encodeURIComponent(jobId)}.json`);
}

/** Jobs with a note: they kept files and have not been settled. */
export function notedJobs(localRoot: string): string[] {
  try {
    return readdirSync(join(localRoot, NOTES_DIR))
      .filter((f) => f.endsWith(".json"))
      .map((f) => decodeURIComponent(f.slice(0, -5)));
  } catch {
    return [];
  }
}

function readNote(localRoot: string, jobId: string, file = noteFile(localRoot, jobId)) {
  let kept: unknown;
  try {
    kept = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return [];
  }
  return Array.isArray(kept)
    ? kept.filter(
        (k): k is KeptCuration =>
          typeof (k as KeptCuration).path === "string" &&
          typeof (k as KeptCuration).keptPath === "string",
      )
    : [];
}

/**
 * Takes the job's note for settling, or undefined when another process (the editor, the command
 * line) took it first: a rename succeeds once.
 */
function claimNote(localRoot: string, jobId: string): string | undefined {
  const claimed = `${noteFile(localRoot, jobId)}.${process.pid}.settling`;
  try {
    renameSync(noteFile(localRoot, jobId), claimed);
    return claimed;
  } catch {
    return undefined;
  }
}

/** Whether a process with this id runs on this machine (EPERM: it runs, as another user). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Gives back the notes a process claimed and did not finish settling (it crashed or was killed),
 * so the next pass settles them again. Settling again is safe: a file already put back is not
 * put back twice, and carrying onto a file that already holds the person's work changes nothing.
 */
function reclaimAbandoned(localRoot: string): void {
  const dir = join(localRoot, NOTES_DIR);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = /^(.+\.json)\.(\d+)\.settling$/.exec(name);
    if (!m || processAlive(Number(m[2])) || existsSync(join(dir, m[1]!))) continue;
    try {
      renameSync(join(dir, name), join(dir, m[1]!));
    } catch {
      // Another process reclaimed it first.
    }
  }
}

/** Thrown when another unsettled job holds a file the run would rewrite. */
export class KeptForOtherJob extends Error {
  override name = "KeptForOtherJob";
}

/**
 * Moves the curated files among `paths` aside for the job about to start, and notes them. A path
 * another job kept and has not settled is refused: that job's output, or the person's file, is
 * not there to keep, and the second job would write over whichever comes back.
 */
export async function keepBeforeJob(
  localRoot: string,
  jobId: string,
  paths: readonly string[],
  now = new Date(),
): Promise<KeptCuration[]> {
  reclaimAbandoned(localRoot);
  for (const other of notedJobs(localRoot)) {
    const held = readNote(localRoot, other).find((k) => paths.includes(k.path));
    if (held && other !== jobId)
      throw new KeptForOtherJob(
        `${held.path} is kept as ${held.keptPath} for job ${other}, which has not ended yet: start this run once it has, or cancel it.`,
      );
  }
  const kept: KeptCuration[] = [];
  for (const p of paths) if (await isCurated(localRoot, p)) kept.push(keepAside(localRoot, p, now));
  if (kept.length) {
    const file = noteFile(localRoot, jobId);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(kept)}\n`);
  }
  return kept;
}

export interface JobSettlement {
  readonly jobId: string;
  /** Back in place: the job wrote no file there. */
  readonly putBack: readonly string[];
  /** Carried onto the files the job wrote (each with its report, or why carrying failed). */
  readonly carried: readonly KeptCuration[];
}

/**
 * Settles the notes of the jobs that have ended (`statusOf`, from the registry as last
 * refreshed; a job it does not know stays noted). Carrying never throws: a failure leaves the
 * kept copy and says so in `carryError`.
 */
export async function settleEndedJobs(
  localRoot: string,
  statusOf: (jobId: string) => JobStatus | undefined,
  author: string,
  only?: readonly string[],
): Promise<JobSettlement[]> {
  const settled: JobSettlement[] = [];
  reclaimAbandoned(localRoot);
  for (const jobId of notedJobs(localRoot)) {
    if (only && !only.includes(jobId)) continue;
    const status = statusOf(jobId);
    if (!status || !isFinished(status)) continue;
    const claimed = claimNote(localRoot, jobId);
    if (!claimed) continue;
    const putBackPaths: string[] = [];
    const carried: KeptCuration[] = [];
    for (const k of readNote(localRoot, jobId, claimed)) {
      if (existsSync(join(localRoot, k.path)))
        carried.push(await carryKept(localRoot, k, jobId, author));
      else if (putBack(localRoot, k)) putBackPaths.push(k.path);
    }
    rmSync(claimed, { force: true });
    settled.push({ jobId, putBack: putBackPaths, carried });
  }
  return settled;
}

/** One sentence for a person whose curated file a job about to start will rewrite. */
export function describeKeptBeforeJob(kept: KeptCuration, run: string): string {
  return `${kept.path} has curation made here and ${run} rewrites it: your version is kept as ${kept.keptPath} while the job runs. Once it has ended, your work goes onto the new file, or the file goes back if the job wrote none.`;
}

/** One sentence per file a job's end put back in place. */
export function describePutBack(settlement: JobSettlement): string[] {
  return settlement.putBack.map(
    (p) => `Your curated ${p} is back in place: job ${settlement.jobId} ended without writing it.`,
  );
}
