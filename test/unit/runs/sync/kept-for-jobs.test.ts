// The notes of files kept for jobs that write into the workspace itself, on real files: kept
// before the job, refused for a second job, left alone while the job runs, then carried onto the
// file the job wrote or put back when it wrote none.
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { AuditTrail } from "../../../../extension/src/curation/audit-trail";
import {
  KeptForOtherJob,
  keepBeforeJob,
  notedJobs,
  settleEndedJobs,
} from "../../../../extension/src/runs/sync/kept-for-jobs";
import { carryKept } from "../../../../extension/src/runs/sync/keep-curated";
import type { JobStatus } from "../../../../extension/src/runs/jobs/job-state";

const FILE = "results/run_infer_labeled_by_judge.jsonl";
const row = (ok: boolean) =>
  `{"query": "q", "gt": "1", "solutions": [{"id": 1, "text": "1", "is_correct": ${ok}}], "labels": [${ok}]}\n`;

/** A workspace whose labeled file a person curated (a human entry in its audit trail). */
async function curatedWorkspace(): Promise<string> {
  const ws = mkdtempSync(join(tmpdir(), "aas-kept-jobs-"));
  const file = join(ws, FILE);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, row(true));
  await new AuditTrail(file).append([
    {
      time: new Date().toISOString(),
      author: "ada",
      source: "human",
      query: "q",
      line: 0,
      edit: { type: "set-correct", line: 0, solutionId: 1, value: true },
      before: false,
    },
  ]);
  return ws;
}

describe("files kept for jobs in the workspace's own checkout", () => {
  it("keeps, refuses a second job, waits for the end, then carries or puts back", async () => {
    const ws = await curatedWorkspace();
    const [kept] = await keepBeforeJob(ws, "job-1", [FILE, "results/absent.jsonl"]);
    expect(kept?.path).toBe(FILE);
    expect(existsSync(join(ws, FILE))).toBe(false);
    await expect(keepBeforeJob(ws, "job-2", [FILE])).rejects.toBeInstanceOf(KeptForOtherJob);

    let status: JobStatus = "running";
    const statusOf = (id: string) => (id === "job-1" ? status : undefined);
    expect(await settleEndedJobs(ws, statusOf, "ada")).toEqual([]);
    expect(notedJobs(ws)).toEqual(["job-1"]);

    // The job wrote the file anew (label.py's "w"), with the judge's verdict.
    writeFileSync(join(ws, FILE), row(false));
    status = "succeeded";
    const [settled] = await settleEndedJobs(ws, statusOf, "ada");
    expect(settled?.putBack).toEqual([]);
    expect(settled?.carried[0]?.carried).toMatchObject({ rows: 1, edits: 1 });
    expect(readFileSync(join(ws, FILE), "utf8")).toBe(row(true));
    expect(notedJobs(ws)).toEqual([]);
  });

  it("puts the file back when the job ended without writing it", async () => {
    const ws = await curatedWorkspace();
    await keepBeforeJob(ws, "job-1", [FILE]);
    const [settled] = await settleEndedJobs(ws, () => "cancelled", "ada");
    expect(settled).toMatchObject({ jobId: "job-1", putBack: [FILE], carried: [] });
    expect(readFileSync(join(ws, FILE), "utf8")).toBe(row(true));
    // Nothing is held any more: the next job may keep it again.
    expect(await keepBeforeJob(ws, "job-2", [FILE])).toHaveLength(1);
  });

  it("settles a note whose settling process died midway, once, without carrying twice", async () => {
    const ws = await curatedWorkspace();
    const [kept] = await keepBeforeJob(ws, "job-1", [FILE]);
    writeFileSync(join(ws, FILE), row(false));
    // A process claimed the note, carried the work, and died before it removed the note.
    const notes = join(ws, ".agentark-studio/kept-for-jobs");
    const dead = spawnSync("true").pid;
    renameSync(join(notes, "job-1.json"), join(notes, `job-1.json.${dead}.settling`));
    await carryKept(ws, kept!, "job-1", "ada");
    expect(readFileSync(join(ws, FILE), "utf8")).toBe(row(true));
    const trail = async () => {
      const entries = [];
      for await (const e of new AuditTrail(join(ws, FILE)).entries()) entries.push(e);
      return entries;
    };
    const carriedEntries = (await trail()).length;

    // Another job may not take the file while the abandoned note still holds it.
    await expect(keepBeforeJob(ws, "job-2", [FILE])).rejects.toBeInstanceOf(KeptForOtherJob);
    const [settled] = await settleEndedJobs(ws, () => "succeeded", "ada");
    expect(settled?.jobId).toBe("job-1");
    expect(settled?.carried[0]?.carried).toMatchObject({ edits: 0 });
    expect(readFileSync(join(ws, FILE), "utf8")).toBe(row(true));
    expect((await trail()).length).toBe(carriedEntries);
    expect(readdirSync(notes)).toEqual([]);
  });

  it("leaves a note alone while the process that claimed it runs", async () => {
    const ws = await curatedWorkspace();
    await keepBeforeJob(ws, "job-1", [FILE]);
    const notes = join(ws, ".agentark-studio/kept-for-jobs");
    const claimed = `job-1.json.${process.pid}.settling`;
    renameSync(join(notes, "job-1.json"), join(notes, claimed));
    expect(await settleEndedJobs(ws, () => "succeeded", "ada")).toEqual([]);
    expect(readdirSync(notes)).toEqual([claimed]);
  });
});
