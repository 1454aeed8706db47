import { describe, expect, it } from "vitest";
import { deriveJobState } from "../../../../extension/src/runs/jobs/job-state";
import { slurmArgs } from "../../../../extension/src/runs/jobs/slurm-args";

describe("slurmArgs", () => {
  it("maps the host's slurm block to sbatch options", () => {
    expect(
      slurmArgs({
        partition: "gpu",
        gpus: "a100:2",
        time: "04:00:00",
        account: "lab",
        cpus: 8,
        mem: "64G",
        extra: ["--qos=high"],
      }),
    ).toEqual([
      "--partition=gpu",
      "--gres=gpu:a100:2",
      "--time=04:00:00",
      "--account=lab",
      "--cpus-per-task=8",
      "--mem=64G",
      "--qos=high",
    ]);
    expect(slurmArgs({ gpus: 0 })).toEqual([]);
  });

  it("refuses extra items that are not options", () => {
    expect(() => slurmArgs({ extra: ["; rm -rf ~"] })).toThrow(/sbatch options/);
  });
});

describe("Slurm job states", () => {
  const base = {
    id: "j",
    exists: true,
    alive: false,
    cancelRequested: false,
    logSize: 0,
    slurmId: "7",
  } as const;
  it.each([
    ["PENDING", "queued"],
    ["RUNNING", "running"],
    ["COMPLETING", "running"],
    ["CANCELLED", "cancelled"],
    ["TIMEOUT", "failed"],
    ["OUT_OF_MEMORY", "failed"],
    ["COMPLETED", "lost"],
    ["", "lost"],
  ])("%s without an exit code is %s", (slurmState, status) => {
    expect(deriveJobState({ ...base, slurmState }).status).toBe(status);
  });

  it("the job's own exit code wins over the scheduler", () => {
    expect(deriveJobState({ ...base, slurmState: "COMPLETED", exitCode: 2 }).status).toBe("failed");
  });
});
