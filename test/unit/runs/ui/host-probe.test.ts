// The Hosts view's probe: nvidia-smi and squeue output as those tools print it, parsed; and the
// probe script itself run by bash with stand-in `nvidia-smi` and `squeue` on PATH (this machine
// has no GPU; the remote tier probes a real Slurm queue: test/remote/host-probe.test.ts).
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  buildProbeScript,
  parseProbe,
  QUEUE_OTHERS,
} from "../../../../extension/src/runs/ui/host-probe";

// `nvidia-smi --query-gpu=uuid,memory.used,memory.total,utilization.gpu,name
//  --format=csv,noheader,nounits` on a two-GPU box and on a GPU that reports less.
const GPUS = [
  "GPU-5e9c4f3a-8f0e-3b1c-9a77-2d1f0c6e4b21, 40536, 81920, 87, NVIDIA A100-SXM4-80GB",
  "GPU-0b7d2e91-4c6a-5f38-b1d2-7e8a9c3f6d40, 3, 81920, 0, NVIDIA A100-SXM4-80GB",
  "GPU-9f1e2d3c-7b6a-4e5d-8c9b-0a1b2c3d4e5f, [N/A], [N/A], [Not Supported], NVIDIA GH200 480GB",
];
// `nvidia-smi --query-compute-apps=gpu_uuid,pid,used_memory,process_name
//  --format=csv,noheader,nounits`: a vLLM worker, a training run, one the driver cannot size,
// and one on a GPU that left the list between the two queries.
const APPS = [
  "GPU-5e9c4f3a-8f0e-3b1c-9a77-2d1f0c6e4b21, 2817345, 38912, /opt/conda/envs/agentark/bin/python",
  "GPU-5e9c4f3a-8f0e-3b1c-9a77-2d1f0c6e4b21, 2817502, 1530, python3 -m vllm.entrypoints.openai.api_server, tp=1",
  "GPU-9f1e2d3c-7b6a-4e5d-8c9b-0a1b2c3d4e5f, 4412, [N/A], [Not Found]",
  "GPU-aaaaaaaa-0000-1111-2222-333333333333, 99, 10, ghost",
];

const gpuLines = (lines: string[], key: string) => lines.map((l) => `${key}=${l}`).join("\n");

describe("parseProbe", () => {
  it("reads GPUs and joins their processes by uuid; [N/A] is unknown, not 0", () => {
    const probe = parseProbe(
      `checkout=yes\n${gpuLines(GPUS, "gpu")}\n${gpuLines(APPS, "gpuproc")}\n`,
    );
    expect(probe.gpus).toEqual([
      {
        uuid: "GPU-5e9c4f3a-8f0e-3b1c-9a77-2d1f0c6e4b21",
        name: "NVIDIA A100-SXM4-80GB",
        memoryUsedMiB: 40536,
        memoryTotalMiB: 81920,
        utilizationPercent: 87,
        processes: [
          { pid: 2817345, name: "/opt/conda/envs/agentark/bin/python", usedMemoryMiB: 38912 },
          {
            pid: 2817502,
            name: "python3 -m vllm.entrypoints.openai.api_server, tp=1",
            usedMemoryMiB: 1530,
          },
        ],
      },
      {
        uuid: "GPU-0b7d2e91-4c6a-5f38-b1d2-7e8a9c3f6d40",
        name: "NVIDIA A100-SXM4-80GB",
        memoryUsedMiB: 3,
        memoryTotalMiB: 81920,
        utilizationPercent: 0,
        processes: [],
      },
      {
        uuid: "GPU-9f1e2d3c-7b6a-4e5d-8c9b-0a1b2c3d4e5f",
        name: "NVIDIA GH200 480GB",
        processes: [{ pid: 4412, name: "[Not Found]" }],
      },
    ]);
    expect(probe.otherGpuProcesses).toEqual([{ pid: 99, name: "ghost", usedMemoryMiB: 10 }]);
    expect(probe.gpuError).toBeUndefined();
  });

  it("nvidia-smi without a GPU is no GPU; a driver fault is an error, not a GPU", () => {
    expect(parseProbe("gpuerror=No devices were found\n")).toMatchObject({ gpus: [] });
    expect(parseProbe("gpuerror=No devices were found\n").gpuError).toBeUndefined();
    const broken = parseProbe(
      "gpuerror=NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\n",
    );
    expect(broken.gpus).toEqual([]);
    expect(broken.gpuError).toMatch(/couldn't communicate/);
    // A message on a gpu= line (an older nvidia-smi exiting 0) is not a GPU either.
    expect(parseProbe("gpu=No devices were found\n").gpus).toEqual([]);
  });

  it("reads the Slurm queue and recognises the extension's own jobs", () => {
    const probe = parseProbe(
      [
        "user=alice",
        "job=4711|alice|RUNNING|1:02:03|gpu|node07|agentark-debate-qmsum-20261123T070102-3fa9",
        "job=4712|alice|PENDING|0:00|gpu|(Dependency)|agentark-label-20261123T070110-77aa",
        "job=4690|bob|RUNNING|2-03:04:05|gpu|node[01-02]|train|lr=1e-5",
        "job=garbage",
        "queue=3",
      ].join("\n"),
    );
    expect(probe.user).toBe("alice");
    expect(probe.queue?.total).toBe(3);
    expect(probe.queue?.jobs).toEqual([
      {
        jobId: "4711",
        user: "alice",
        state: "RUNNING",
        time: "1:02:03",
        partition: "gpu",
        reason: "node07",
        name: "agentark-debate-qmsum-20261123T070102-3fa9",
        ours: "debate-qmsum-20261123T070102-3fa9",
      },
      {
        jobId: "4712",
        user: "alice",
        state: "PENDING",
        time: "0:00",
        partition: "gpu",
        reason: "(Dependency)",
        name: "agentark-label-20261123T070110-77aa",
        ours: "label-20261123T070110-77aa",
      },
      {
        jobId: "4690",
        user: "bob",
        state: "RUNNING",
        time: "2-03:04:05",
        partition: "gpu",
        reason: "node[01-02]",
        name: "train|lr=1e-5",
      },
    ]);
  });

  it("has no queue when none was asked for or squeue did not answer", () => {
    expect(parseProbe("checkout=yes\n").queue).toBeUndefined();
  });
});

describe("the probe script", () => {
  /** Runs the probe with stand-ins for nvidia-smi and squeue on PATH. */
  function probe(tools: Record<string, string>, queue?: { partition?: string }) {
    const bin = mkdtempSync(join(tmpdir(), "aas-probe-bin-"));
    // This machine's own Slurm tools would wait for a controller that may not be running.
    for (const [name, body] of Object.entries({ sinfo: "exit 0", squeue: "exit 1", ...tools })) {
      writeFileSync(join(bin, name), `#!/bin/bash\n${body}\n`);
      chmodSync(join(bin, name), 0o755);
    }
    const checkout = mkdtempSync(join(tmpdir(), "aas-probe-ck-"));
    const out = execFileSync("bash", ["-s"], {
      input: buildProbeScript(checkout, [], queue ? { queue } : {}),
      env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ""}` },
    }).toString();
    return { bin, ...parseProbe(out) };
  }

  // A stand-in nvidia-smi answering the two queries the probe makes, as the real one prints them.
  const nvidiaSmi = `case "$1" in
  --query-gpu=uuid,memory.used,memory.total,utilization.gpu,name) printf '%s\\n' ${GPUS.map((l) => `'${l}'`).join(" ")} ;;
  --query-compute-apps=gpu_uuid,pid,used_memory,process_name) printf '%s\\n' ${APPS.map((l) => `'${l}'`).join(" ")} ;;
  *) echo "unexpected: $*" >&2; exit 2 ;;
esac`;

  it("asks nvidia-smi for GPUs and their processes", () => {
    const p = probe({ "nvidia-smi": nvidiaSmi });
    expect(p.checkout).toBe(true);
    expect(p.gpus.map((g) => [g.name, g.processes.length])).toEqual([
      ["NVIDIA A100-SXM4-80GB", 2],
      ["NVIDIA A100-SXM4-80GB", 0],
      ["NVIDIA GH200 480GB", 1],
    ]);
    expect(p.queue).toBeUndefined();
  });

  it("takes a failing nvidia-smi's message as an error, not as GPUs", () => {
    const p = probe({
      "nvidia-smi": `echo "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running."; exit 9`,
    });
    expect(p.gpus).toEqual([]);
    expect(p.gpuError).toMatch(/^NVIDIA-SMI has failed/);
    const none = probe({ "nvidia-smi": 'echo "No devices were found"; exit 6' });
    expect([none.gpus, none.gpuError]).toEqual([[], undefined]);
  });

  it("lists the user's own jobs whatever the queue's length, and others up to the cap", () => {
    const me = execFileSync("id", ["-un"]).toString().trim();
    const others = Array.from(
      { length: QUEUE_OTHERS + 20 },
      (_, i) => `${1000 + i}|someone|PENDING|0:00|debug|(Priority)|other-${i}`,
    );
    const lines = [...others, `2001|${me}|RUNNING|0:05|debug|host1|agentark-x-1`];
    const p = probe(
      {
        // Records its arguments, so the test sees the partition reach squeue as one word.
        squeue: `printf '%s\\n' "$@" > "$(dirname "$0")/args"; printf '%s\\n' ${lines.map((l) => `'${l}'`).join(" ")}`,
      },
      { partition: "debug,gpu a" },
    );
    expect(p.queue?.total).toBe(QUEUE_OTHERS + 21);
    expect(p.queue?.jobs).toHaveLength(QUEUE_OTHERS + 1);
    expect(p.queue?.jobs.at(-1)).toMatchObject({ jobId: "2001", ours: "x-1", user: me });
    expect(readFileSync(join(p.bin, "args"), "utf8")).toBe(
      "-h\n-p\ndebug,gpu a\n-o\n%i|%u|%T|%M|%P|%R|%j\n",
    );
  });

  it("reports no queue when squeue fails, and an empty one when it is empty", () => {
    expect(probe({ squeue: "exit 1" }, {}).queue).toBeUndefined();
    expect(probe({ squeue: "exit 0" }, {}).queue).toEqual({ jobs: [], total: 0 });
  });
});
