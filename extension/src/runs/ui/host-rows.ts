import { LOCAL_HOST, type RunFile } from "../../../../schemas/src/runs/run-file";
import { resolveHost, type HostContext } from "../jobs/run-hosts";
import { runScript } from "../transport/transport";
import {
  buildProbeScript,
  formatBytes,
  parseProbe,
  type GpuInfo,
  type GpuProcess,
  type HostProbe,
  type QueuedJob,
  type SlurmQueue,
} from "./host-probe";
import type { HostDetail, HostRow } from "./runs-api";

/** Every host of the run file plus `local`, probed in parallel. */
export function probeHosts(file: RunFile, context: HostContext): Promise<HostRow[]> {
  const names = [LOCAL_HOST, ...Object.keys(file.hosts ?? {}).filter((n) => n !== LOCAL_HOST)];
  return Promise.all(names.map((name) => probeHost(name, file, context)));
}

async function probeHost(name: string, file: RunFile, context: HostContext): Promise<HostRow> {
  let scheduler: HostRow["scheduler"] = "direct";
  try {
    const host = resolveHost(name, file.hosts ?? {}, context);
    scheduler = host.scheduler;
    const started = Date.now();
    const queue =
      scheduler === "slurm"
        ? { queue: host.slurm.partition ? { partition: host.slurm.partition } : {} }
        : {};
    const result = await runScript(
      host.transport,
      buildProbeScript(host.checkout, host.setup, queue),
    );
    const roundTripMs = Date.now() - started;
    if (result.code !== 0)
      return { name, scheduler, reachable: true, error: result.stderr.trim(), details: [] };
    return {
      name,
      scheduler,
      reachable: true,
      roundTripMs,
      details: details(parseProbe(result.stdout), host.checkout, scheduler),
    };
  } catch (err) {
    return {
      name,
      scheduler,
      reachable: false,
      error: err instanceof Error ? err.message : String(err),
      details: [],
    };
  }
}

function details(
  probe: HostProbe,
  checkout: string,
  scheduler: HostRow["scheduler"],
): HostDetail[] {
  const rows: HostDetail[] = [
    {
      label: "AgentArk checkout",
      value: probe.checkout ? checkout : `not found: ${checkout}`,
      ok: probe.checkout,
    },
    { label: "Python", value: probe.python ?? "not found", ok: probe.python !== undefined },
  ];
  if (probe.gpuError)
    rows.push({ label: "GPU", value: `nvidia-smi: ${probe.gpuError}`, ok: false });
  else if (probe.gpus.length === 0) rows.push({ label: "GPU", value: "no NVIDIA GPU", ok: true });
  probe.gpus.forEach((g, i) => rows.push(gpuRow(g, i)));
  if (probe.otherGpuProcesses.length)
    rows.push({
      label: "GPU processes",
      value: `${probe.otherGpuProcesses.length} on no listed GPU`,
      ok: true,
      children: probe.otherGpuProcesses.map(processRow),
    });
  if (probe.diskFreeBytes !== undefined)
    rows.push({
      label: "Disk free",
      value: formatBytes(probe.diskFreeBytes),
      ok: probe.diskFreeBytes > 1024 ** 3,
    });
  if (scheduler === "slurm")
    rows.push({
      label: "Slurm partitions",
      value: probe.partitions.join("; ") || "none listed",
      ok: probe.partitions.length > 0,
    });
  if (scheduler === "slurm")
    rows.push(
      probe.queue
        ? queueRow(probe.queue, probe.user)
        : { label: "Slurm queue", value: "squeue did not answer", ok: false },
    );
  return rows;
}

const mib = (n: number | undefined) => (n === undefined ? "?" : String(n));

function gpuRow(g: GpuInfo, index: number): HostDetail {
  const busy = g.utilizationPercent === undefined ? "? busy" : `${g.utilizationPercent}% busy`;
  const procs = g.processes.length;
  return {
    label: `GPU ${index}`,
    value: `${g.name}, ${mib(g.memoryUsedMiB)}/${mib(g.memoryTotalMiB)} MiB, ${busy}, ${
      procs === 0 ? "no processes" : procs === 1 ? "1 process" : `${procs} processes`
    }`,
    ok: true,
    tooltip: g.uuid,
    ...(procs ? { children: g.processes.map(processRow) } : {}),
  };
}

function processRow(p: GpuProcess): HostDetail {
  return {
    label: `pid ${p.pid}`,
    value: `${p.name}, ${p.usedMemoryMiB === undefined ? "? MiB" : `${p.usedMemoryMiB} MiB`}`,
    ok: true,
    icon: "pulse",
  };
}

function queueRow(queue: SlurmQueue, user: string | undefined): HostDetail {
  const count = (state: string) => queue.jobs.filter((j) => j.state === state).length;
  const mine = queue.jobs.filter((j) => j.user === user).length;
  const parts = [
    `${queue.total} ${queue.total === 1 ? "job" : "jobs"}`,
    // Counts by state only when every job is listed; otherwise they would undercount.
    ...(queue.total && queue.total === queue.jobs.length
      ? [`${count("RUNNING")} running, ${count("PENDING")} pending`]
      : []),
    ...(mine ? [`${mine} yours`] : []),
  ];
  const hidden = queue.total - queue.jobs.length;
  return {
    label: "Slurm queue",
    value: parts.join(" · "),
    ok: true,
    children: [
      ...queue.jobs.map((j) => queuedJobRow(j, user)),
      ...(hidden > 0
        ? [
            {
              label: `${hidden} more`,
              value: "other users' jobs not listed",
              ok: true,
              icon: "ellipsis",
            },
          ]
        : []),
    ],
  };
}

function queuedJobRow(j: QueuedJob, user: string | undefined): HostDetail {
  const mine = j.user === user;
  return {
    label: `${j.jobId} ${j.ours ?? j.name}`,
    value: [j.state, j.time, ...(mine ? [] : [j.user]), j.reason].filter(Boolean).join(" · "),
    ok: true,
    // The extension's own jobs, then the user's others, then everyone else's.
    icon: j.ours ? "rocket" : mine ? "account" : "person",
    tooltip: `${j.name} (${j.partition})${j.ours ? `: job ${j.ours} of this extension` : ""}`,
  };
}
