// Jobs on a Slurm host: a one-node cluster (scripts/test-infra/slurm.sh) reached over the
// loopback sshd, running the fixture AgentArk checkout (a stand-in for the GPU programs).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobSpec } from "../../extension/src/runs/jobs/job-spec";
import type { SshTransport } from "../../extension/src/runs/transport/ssh-transport";
import { inferenceSpec, jobHost, readJobFile, waitForStatus } from "./job-helpers";
import { remoteEnv, testTransport, type RemoteEnv } from "./remote-env";

let env: RemoteEnv;
let transport: SshTransport;

beforeAll(() => {
  env = remoteEnv();
  transport = testTransport(env);
});
afterAll(() => transport.disconnect());

const slurm = (afterOk: string[] = []): Pick<JobSpec, "slurm"> => ({
  slurm: { options: { partition: "debug", time: "00:10:00" }, afterOk },
});

describe("jobs on Slurm", () => {
  it("submits with sbatch, follows the log to the end and records the exit code", async () => {
    const host = jobHost(transport);
    const spec = inferenceSpec(env, "slurm", {
      ...slurm(),
      env: { AGENTARK_FIXTURE_DELAY: "0.1" },
    });
    await host.start(spec);
    expect(readJobFile(env, spec.id, "slurm_id")).toMatch(/^\d+\n$/);
    let text = "";
    const end = await host.follow({ jobId: spec.id, onData: (b) => (text += b.toString()) }).run();
    const state = await waitForStatus(host, spec.id);
    expect(state).toMatchObject({ status: "succeeded", exitCode: 0 });
    expect(state.slurmId).toBe(readJobFile(env, spec.id, "slurm_id")!.trim());
    expect(text).toBe(readJobFile(env, spec.id, "log"));
    expect(end).toBe(state.logSize);
    expect(text).toContain("Processing samples: 100%");
  });

  it("a failing Slurm job is failed with its exit code", async () => {
    const host = jobHost(transport);
    const spec = inferenceSpec(env, "slurm-fail", {
      ...slurm(),
      env: { AGENTARK_FIXTURE_DELAY: "0", AGENTARK_FIXTURE_FAIL: "1" },
    });
    await host.start(spec);
    expect(await waitForStatus(host, spec.id)).toMatchObject({ status: "failed", exitCode: 3 });
  });

  it("scancel cancels a running Slurm job", async () => {
    const host = jobHost(transport);
    const spec = inferenceSpec(env, "slurm-cancel", {
      ...slurm(),
      env: { AGENTARK_FIXTURE_DELAY: "5" },
    });
    await host.start(spec);
    await waitForStatus(host, spec.id, (s) => s.status === "running" && s.logSize > 0);
    const state = await host.cancel(spec.id, 1);
    expect(state.status).toBe("cancelled");
  });

  it("a cancel that comes while the job is still setting up ends it before its command starts", async () => {
    const host = jobHost(transport);
    const spec = inferenceSpec(env, "slurm-early-cancel", {
      ...slurm(),
      argv: ["sh", "-c", "echo the-command-ran; exec sleep 300"],
      // A setup that takes a while without a child process: the TERM reaches only the wrapper,
      // which traps it (the cancel in the CI run that found this came 13 ms after Slurm started
      // the job).
      setup: ['end=$((SECONDS + 3)); while [ "$SECONDS" -lt "$end" ]; do :; done'],
    });
    await host.start(spec);
    await waitForStatus(host, spec.id, (s) => s.status === "running");
    const state = await host.cancel(spec.id, 1);
    expect(state.status).toBe("cancelled");
    const log = readJobFile(env, spec.id, "log") ?? "";
    expect(log).toContain("cancelled before the command started");
    expect(log).not.toContain("the-command-ran");
  });

  it("chains jobs with afterok: the second waits for the first and runs after it", async () => {
    const host = jobHost(transport);
    const first = inferenceSpec(env, "slurm-first", {
      ...slurm(),
      env: { AGENTARK_FIXTURE_DELAY: "0.1" },
    });
    await host.start(first);
    const second = inferenceSpec(env, "slurm-second", { ...slurm([first.id]), argv: ["true"] });
    await host.start(second);
    const queued = (await host.status([second.id])).get(second.id);
    expect(queued?.status).toBe("queued");
    const a = await waitForStatus(host, first.id);
    const b = await waitForStatus(host, second.id);
    expect([a.status, b.status]).toEqual(["succeeded", "succeeded"]);
    expect(b.startedAt! >= a.endedAt!).toBe(true);
  });
});
