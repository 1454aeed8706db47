// The Hosts view's probe of a Slurm host over the loopback sshd: the one-node cluster's queue
// with a job the engine submitted, and GPUs from a fixture `nvidia-smi` (this machine has none).
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import type { RunFile } from "../../schemas/src/runs/run-file";
import { JobEngine } from "../../extension/src/runs/jobs/job-engine";
import { JobRegistry } from "../../extension/src/runs/jobs/job-registry";
import { probeHosts } from "../../extension/src/runs/ui/host-rows";
import type { HostDetail, HostRow } from "../../extension/src/runs/ui/runs-api";
import { SshTransport } from "../../extension/src/runs/transport/ssh-transport";
import { remoteEnv, waitFor, type RemoteEnv } from "./remote-env";

let env: RemoteEnv;
let file: RunFile;
const workspace = mkdtempSync(join(tmpdir(), "aas-probe-ws-"));

// FIXTURE: a stand-in nvidia-smi for the test user (no GPU here), printing what a real one prints
// for the probe's two queries on a one-GPU host running two processes.
const FIXTURE_NVIDIA_SMI = `#!/bin/sh
case "$1" in
  --query-gpu=*) echo "GPU-5e9c4f3a-8f0e-3b1c-9a77-2d1f0c6e4b21, 40536, 81920, 87, NVIDIA A100-SXM4-80GB" ;;
  --query-compute-apps=*)
    echo "GPU-5e9c4f3a-8f0e-3b1c-9a77-2d1f0c6e4b21, 2817345, 38912, /opt/conda/envs/agentark/bin/python"
    echo "GPU-5e9c4f3a-8f0e-3b1c-9a77-2d1f0c6e4b21, 2817502, [N/A], python3" ;;
  *) exit 2 ;;
esac
`;

beforeAll(() => {
  env = remoteEnv();
  const bin = join(env.home, ".aas-fixture-gpu");
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, "nvidia-smi"), FIXTURE_NVIDIA_SMI);
  chmodSync(bin, 0o755);
  chmodSync(join(bin, "nvidia-smi"), 0o755);
  file = {
    hosts: {
      cluster: {
        ssh: env.host,
        agentark: "~/AgentArk",
        scheduler: "slurm",
        slurm: { partition: "debug", time: "00:10:00" },
        // The probe runs the host's setup lines first, as a job would: that is how it finds the
        // fixture, and how it finds a conda env's tools on a real host.
        setup: 'export PATH="$HOME/.aas-fixture-gpu:$PATH"',
      },
    },
  };
});
afterAll(() =>
  new SshTransport({ hostName: "cluster", ssh: env.host, configFile: env.sshConfig }).disconnect(),
);

const context = () => ({ workspace, sshConfigFile: env.sshConfig });

function detail(row: HostRow | undefined, label: string): HostDetail | undefined {
  return row?.details.find((d) => d.label === label);
}

describe("probing a Slurm host", () => {
  it("shows the queue with our job in it, and the GPUs with their processes", async () => {
    const engine = new JobEngine(
      file.hosts ?? {},
      context(),
      new JobRegistry(mkdtempSync(join(tmpdir(), "aas-probe-state-"))),
    );
    const job = await engine.submit({
      host: "cluster",
      run: "sleepy",
      command: { argv: ["sleep", "300"], env: {}, cwd: "checkout" },
    });
    let cancelled = false;
    // Cleanup for a test that failed before its own cancel; a failure here does not hide that one.
    onTestFinished(async () => {
      if (!cancelled) await engine.cancel(job.id).catch(() => undefined);
    });
    const state = await waitFor("the job in Slurm", async () => {
      const s = (await engine.refresh([job.id])).states.get(job.id);
      return s?.slurmId && (s.status === "running" || s.status === "queued") ? s : undefined;
    });
    const rows = await probeHosts(file, context());
    const cluster = rows.find((r) => r.name === "cluster");
    expect(cluster).toMatchObject({ reachable: true, scheduler: "slurm" });
    expect(cluster?.error).toBeUndefined();

    const queue = detail(cluster, "Slurm queue");
    expect(queue?.value).toMatch(/\b1 yours\b/);
    const ours = queue?.children?.find((c) => c.label === `${state.slurmId} ${job.id}`);
    expect(ours).toMatchObject({ icon: "rocket" });
    expect(ours?.value).toMatch(/^(RUNNING|PENDING) · /);
    expect(ours?.tooltip).toContain(`job ${job.id} of this extension`);

    expect(detail(cluster, "GPU 0")).toMatchObject({
      value: "NVIDIA A100-SXM4-80GB, 40536/81920 MiB, 87% busy, 2 processes",
      children: [
        { label: "pid 2817345", value: "/opt/conda/envs/agentark/bin/python, 38912 MiB" },
        { label: "pid 2817502", value: "python3, ? MiB" },
      ],
    });
    // This machine, probed the same way, has no GPU.
    expect(
      detail(
        rows.find((r) => r.name === "local"),
        "GPU",
      )?.value,
    ).toBe("no NVIDIA GPU");
    // The default grace: on a busy 2-core machine Slurm takes more than a second to end the step.
    expect((await engine.cancel(job.id)).status).toBe("cancelled");
    cancelled = true;
    const after = (await probeHosts(file, context())).find((r) => r.name === "cluster");
    const listed = detail(after, "Slurm queue")?.children ?? [];
    expect(listed.some((c) => c.label.endsWith(` ${job.id}`))).toBe(false);
  });
});
