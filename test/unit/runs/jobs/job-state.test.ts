// Status derivation from what the status script saw, and the script's Slurm half against a
// stand-in `squeue` (the remote tier runs it against a real one: test/remote/slurm-forget.test.ts).
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { deriveJobState, type RemoteJobFacts } from "../../../../extension/src/runs/jobs/job-state";
import {
  buildStatusScript,
  parseStatusOutput,
} from "../../../../extension/src/runs/jobs/status-script";

const base: RemoteJobFacts = {
  id: "j",
  exists: true,
  pid: 10,
  pgid: 10,
  alive: false,
  cancelRequested: false,
  logSize: 0,
};

describe("deriveJobState", () => {
  it("a Slurm job Slurm has forgotten reads its own exit code", () => {
    const forgotten = { ...base, slurmId: "41", slurmState: "" };
    expect(deriveJobState({ ...forgotten, exitCode: 0 })).toMatchObject({
      status: "succeeded",
      exitCode: 0,
    });
    expect(deriveJobState({ ...forgotten, exitCode: 3 })).toMatchObject({
      status: "failed",
      exitCode: 3,
    });
    expect(deriveJobState({ ...forgotten, exitCode: 143, cancelRequested: true }).status).toBe(
      "cancelled",
    );
  });

  it("without an exit code, the Slurm state decides; kept final states stand in once forgotten", () => {
    const slurm = (slurmState: string) => deriveJobState({ ...base, slurmId: "41", slurmState });
    expect(slurm("PENDING").status).toBe("queued");
    expect(slurm("RUNNING").status).toBe("running");
    expect(slurm("OUT_OF_MEMORY")).toMatchObject({
      status: "failed",
      reason: "Slurm ended the job: OUT_OF_MEMORY",
    });
    expect(slurm("CANCELLED").status).toBe("cancelled");
    expect(slurm("")).toMatchObject({
      status: "lost",
      reason: "Slurm job 41 is unknown to squeue and left no exit code",
    });
  });

  it("squeue not answering is not squeue forgetting", () => {
    const s = deriveJobState({
      ...base,
      slurmId: "41",
      slurmState: "",
      slurmUnanswered: true,
      startedAt: "2026-11-23T07:00:00.000Z",
    });
    expect(s.status).toBe("running");
    expect(s.reason).toMatch(/did not answer/);
  });

  it("a direct job waiting for its predecessor is queued, with the reason", () => {
    expect(deriveJobState({ ...base, alive: true, waitingFor: "a-1" })).toMatchObject({
      status: "queued",
      reason: "waiting for a-1",
    });
    expect(
      deriveJobState({ ...base, alive: true, startedAt: "2026-11-23T07:00:00.000Z" }),
    ).toMatchObject({ status: "running" });
  });

  it("a job that never started says why, without the wrapper's exit code", () => {
    const ended = { ...base, exitCode: 125 };
    const failed = deriveJobState({ ...ended, notStarted: "failed a-1 3" });
    expect(failed).toMatchObject({
      status: "failed",
      reason: "predecessor a-1 failed (exit 3); not started",
    });
    expect(failed.exitCode).toBeUndefined();
    expect(
      deriveJobState({ ...ended, cancelRequested: true, notStarted: "cancelled a-1" }),
    ).toMatchObject({ status: "cancelled", reason: "predecessor a-1 was cancelled; not started" });
    expect(deriveJobState({ ...ended, cancelRequested: true, notStarted: "self a-1" }).reason).toBe(
      "cancelled while waiting for a-1; not started",
    );
    expect(deriveJobState({ ...ended, notStarted: "lost a-1" }).reason).toMatch(/lost/);
    expect(deriveJobState({ ...ended, notStarted: "odd" })).toMatchObject({
      status: "failed",
      reason: "not started (odd)",
    });
  });
});

describe("the status script's Slurm state", () => {
  /** A job directory with a Slurm id, and a `squeue` on PATH printing `lines` (or failing). */
  function cluster(squeue: string | null) {
    const root = mkdtempSync(join(tmpdir(), "aas-sq-"));
    const bin = join(root, ".bin");
    mkdirSync(bin);
    writeFileSync(
      join(bin, "squeue"),
      squeue === null ? "#!/bin/sh\nexit 1\n" : `#!/bin/sh\nprintf '%s' '${squeue}'\n`,
    );
    chmodSync(join(bin, "squeue"), 0o755);
    const job = (id: string, sid: number, files: Record<string, string> = {}) => {
      mkdirSync(join(root, id));
      writeFileSync(join(root, id, "slurm_id"), `${sid}\n`);
      for (const [name, text] of Object.entries(files)) writeFileSync(join(root, id, name), text);
    };
    const status = (ids: string[]) =>
      parseStatusOutput(
        execFileSync("bash", ["-s"], {
          input: buildStatusScript(ids, root),
          env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ""}` },
        }).toString(),
      ).map(deriveJobState);
    return { root, job, status };
  }

  it("keeps a final state given without an exit code, and uses it once squeue forgets", () => {
    const c = cluster("7 OUT_OF_MEMORY\n8 RUNNING\n9 COMPLETED\n");
    c.job("oom", 7);
    c.job("run", 8, { started_at: "2026-11-23T07:00:00.000Z\n" });
    c.job("done", 9, { exit_code: "0\n" });
    expect(c.status(["oom", "run", "done"]).map((s) => s.status)).toEqual([
      "failed",
      "running",
      "succeeded",
    ]);
    expect(readFileSync(join(c.root, "oom", "slurm_state"), "utf8")).toBe("OUT_OF_MEMORY\n");
    expect(existsSync(join(c.root, "run", "slurm_state"))).toBe(false);
    expect(existsSync(join(c.root, "done", "slurm_state"))).toBe(false);

    // Later: Slurm has forgotten all three (no accounting, MinJobAge passed).
    writeFileSync(join(c.root, ".bin", "squeue"), "#!/bin/sh\nexit 0\n");
    const [oom, run, done] = c.status(["oom", "run", "done"]);
    expect(oom).toMatchObject({ status: "failed", reason: "Slurm ended the job: OUT_OF_MEMORY" });
    expect(run?.status).toBe("lost");
    expect(run?.reason).toMatch(/unknown to squeue/);
    expect(done).toMatchObject({ status: "succeeded", exitCode: 0 });
  });

  it("a failing squeue leaves unfinished jobs as they were, not lost", () => {
    const c = cluster(null);
    c.job("pending", 11);
    c.job("running", 12, { started_at: "2026-11-23T07:00:00.000Z\n" });
    c.job("killed", 13, { started_at: "2026-11-23T07:00:00.000Z\n", slurm_state: "FAILED\n" });
    const [pending, running, killed] = c.status(["pending", "running", "killed"]);
    expect(pending?.status).toBe("queued");
    expect(running?.status).toBe("running");
    expect(running?.reason).toMatch(/did not answer/);
    expect(killed).toMatchObject({ status: "failed", reason: "Slurm ended the job: FAILED" });
  });

  it("ignores a kept state that is not one", () => {
    const c = cluster("");
    c.job("odd", 13, { slurm_state: 'X"}]\n' });
    expect(c.status(["odd"])[0]?.status).toBe("lost");
  });
});
