// The notes of files kept for jobs that write into the workspace itself, on real files: kept
// before the job, refused for a second job, left alone while the job runs, then carried onto the
// file the job wrote or put back when it wrote none.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
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
});
