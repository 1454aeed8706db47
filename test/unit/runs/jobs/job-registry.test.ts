import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { JobRegistry, type JobRecord } from "../../../../extension/src/runs/jobs/job-registry";
import { assertJobId, newJobId } from "../../../../extension/src/runs/jobs/job-id";

const record = (id: string): JobRecord => ({
  id,
  host: "gpu-box",
  argv: ["python3", "inference.py"],
  cwd: "~/AgentArk",
  jobDir: `/home/u/.agentark-studio/jobs/${id}`,
  submittedAt: "2026-11-23T07:00:00.000Z",
  status: "running",
});

describe("JobRegistry", () => {
  it("keeps jobs across instances (a restart) and updates them", () => {
    const dir = mkdtempSync(join(tmpdir(), "aas-reg-"));
    new JobRegistry(dir).add(record("a"));
    const again = new JobRegistry(dir);
    again.add(record("b"));
    again.update("a", { status: "succeeded", exitCode: 0 });
    expect(new JobRegistry(dir).list().map((j) => [j.id, j.status])).toEqual([
      ["a", "succeeded"],
      ["b", "running"],
    ]);
    expect(() => again.add(record("a"))).toThrow(/already registered/);
    expect(JSON.parse(readFileSync(join(dir, "jobs.json"), "utf8"))).toMatchObject({ version: 1 });
  });

  it("is empty before the first job", () => {
    expect(new JobRegistry(mkdtempSync(join(tmpdir(), "aas-reg-"))).list()).toEqual([]);
  });
});

describe("job ids", () => {
  it("are safe path segments named after the run", () => {
    const id = newJobId("Debate QMSum!", new Date("2026-11-23T07:01:02.345Z"));
    expect(id).toMatch(/^debate-qmsum-20261123T070102-[0-9a-f]{4}$/);
    expect(assertJobId(id)).toBe(id);
    expect(() => assertJobId("..")).toThrow();
    expect(() => assertJobId("a/b")).toThrow();
  });
});
