// Without accounting (no slurmdbd) slurmctld forgets a finished job MinJobAge after it ends (the
// test cluster sets 2 s; it purges about once a minute). The status must then come from the
// job's own files: its exit code, or the final state Slurm gave a job that left none.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newJobId } from "../../extension/src/runs/jobs/job-id";
import type { JobSpec } from "../../extension/src/runs/jobs/job-spec";
import type { SshTransport } from "../../extension/src/runs/transport/ssh-transport";
import { jobHost, waitForStatus } from "./job-helpers";
import { remoteEnv, testTransport, waitFor } from "./remote-env";

let transport: SshTransport;

beforeAll(() => {
  transport = testTransport(remoteEnv());
});
afterAll(() => transport.disconnect());

function slurmJob(name: string, script: string): JobSpec {
  return {
    id: newJobId(name),
    argv: ["sh", "-c", script],
    cwd: "~/AgentArk",
    slurm: { options: { partition: "debug", time: "00:10:00" } },
  };
}

/** Asks the controller directly (the test runs on its machine): does it still know the job? */
function slurmKnows(slurmId: string): boolean {
  try {
    const out = execFileSync("squeue", ["-h", "-t", "all", "-j", slurmId, "-o", "%i"], {
      stdio: ["ignore", "pipe", "ignore"],
    });
    return out.toString().trim() !== "";
  } catch {
    // "Invalid job id specified": purged.
    return false;
  }
}

/** The processes below `pid` (this machine is the cluster's only node). */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  const below = children.get(pid) ?? [];
  return below.flatMap((c) => [c, ...descendants(c)]);
}

describe("a Slurm job Slurm has forgotten", () => {
  it("keeps its final status from the job's own files", { timeout: 180_000 }, async () => {
    const host = jobHost(transport);
    const ok = slurmJob("forget-ok", "echo done");
    const failing = slurmJob("forget-fail", "exit 3");
    // Killed where it stands (as the OOM killer would): no exit code is ever written.
    const killed = slurmJob("forget-killed", "sleep 120");
    for (const spec of [ok, failing, killed]) await host.start(spec);
    try {
      // Slurm says RUNNING a moment before the wrapper has recorded its pid.
      const running = await waitForStatus(host, killed.id, (s) => s.pid !== undefined);
      expect(running.status).toBe("running");
      const below = descendants(running.pid!);
      // The wrapper first, so it cannot record the exit code of a child killed before it.
      for (const pid of [running.pid!, ...below]) process.kill(pid, "SIGKILL");
    } catch (error) {
      await host.cancel(killed.id, 1).catch(() => undefined);
      throw error;
    }

    const before = await Promise.all([ok, failing, killed].map((s) => waitForStatus(host, s.id)));
    expect(before.map((s) => [s.status, s.exitCode])).toEqual([
      ["succeeded", 0],
      ["failed", 3],
      ["failed", undefined],
    ]);
    expect(before[2]?.reason).toMatch(/^Slurm ended the job: (FAILED|CANCELLED|NODE_FAIL)$/);

    const sids = before.map((s) => s.slurmId!);
    await waitFor("Slurm to forget the jobs", () => sids.every((s) => !slurmKnows(s)), 150_000);

    const after = await host.status([ok.id, failing.id, killed.id]);
    expect([ok, failing, killed].map((s) => after.get(s.id)?.slurmState)).toEqual([
      "",
      "",
      before[2]?.reason?.replace("Slurm ended the job: ", ""),
    ]);
    expect(
      [ok, failing, killed].map((s) => [after.get(s.id)?.status, after.get(s.id)?.exitCode]),
    ).toEqual([
      ["succeeded", 0],
      ["failed", 3],
      ["failed", undefined],
    ]);
    expect(after.get(killed.id)?.reason).toBe(before[2]?.reason);
  });
});
