import { LOCAL_HOST, type RunFile } from "../../../../schemas/src/runs/run-file";
import { resolveHost, type HostContext } from "../jobs/run-hosts";
import { runScript } from "../transport/transport";
import { buildProbeScript, formatBytes, parseProbe, type HostProbe } from "./host-probe";
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
    const result = await runScript(host.transport, buildProbeScript(host.checkout, host.setup));
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
  if (probe.gpus.length === 0) rows.push({ label: "GPU", value: "no NVIDIA GPU", ok: true });
  probe.gpus.forEach((g, i) =>
    rows.push({
      label: `GPU ${i}`,
      value: `${g.name}, ${g.memoryUsedMiB}/${g.memoryTotalMiB} MiB, ${g.utilizationPercent}% busy`,
      ok: true,
    }),
  );
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
  return rows;
}
