// One round trip per host for the Hosts view: the checkout, Python (after the host's setup lines,
// so a conda env or venv counts), NVIDIA GPUs, disk free where the checkout is, Slurm partitions.
import { shellPath } from "../transport/shell-quote";

export interface GpuInfo {
  readonly name: string;
  readonly memoryUsedMiB: number;
  readonly memoryTotalMiB: number;
  readonly utilizationPercent: number;
}

export interface HostProbe {
  readonly checkout: boolean;
  /** `Python 3.11.2 (/usr/bin/python3)`, or undefined when none is found. */
  readonly python?: string;
  /** Empty when the host has no `nvidia-smi` or no GPU. */
  readonly gpus: readonly GpuInfo[];
  /** Free bytes on the checkout's filesystem (or the home directory's). */
  readonly diskFreeBytes?: number;
  readonly partitions: readonly string[];
}

export function buildProbeScript(checkout: string, setup: readonly string[]): string {
  return [
    `ck=${shellPath(checkout)}`,
    `if [ -d "$ck" ]; then echo checkout=yes; else echo checkout=no; fi`,
    // The setup lines are the host's own (run before every job); their output is not ours.
    `{ cd "$ck" 2>/dev/null || cd; ${setup.join("\n")}\n} >/dev/null 2>&1 </dev/null`,
    `py=$(command -v python3 || command -v python)`,
    `if [ -n "$py" ]; then echo "python=$("$py" --version 2>&1) ($py)"; fi`,
    `if command -v nvidia-smi >/dev/null 2>&1; then`,
    `  nvidia-smi --query-gpu=name,memory.used,memory.total,utilization.gpu --format=csv,noheader,nounits 2>/dev/null | sed 's/^/gpu=/'`,
    `fi`,
    `df -Pk "$ck" 2>/dev/null | awk 'NR==2{print "disk=" $4}' || true`,
    `if command -v sinfo >/dev/null 2>&1; then sinfo -h -o '%P %a %D %G' 2>/dev/null | sed 's/^/partition=/'; fi`,
    `exit 0`,
  ].join("\n");
}

export function parseProbe(stdout: string): HostProbe {
  let checkout = false;
  let python: string | undefined;
  let diskFreeBytes: number | undefined;
  const gpus: GpuInfo[] = [];
  const partitions: string[] = [];
  for (const line of stdout.split("\n")) {
    const eq = line.indexOf("=");
    if (eq < 0) continue;
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1).trim();
    if (key === "checkout") checkout = value === "yes";
    else if (key === "python" && value) python = value;
    else if (key === "disk" && /^\d+$/.test(value)) diskFreeBytes = Number(value) * 1024;
    else if (key === "partition" && value) partitions.push(value);
    else if (key === "gpu") {
      const [name = "", used, total, util] = value.split(",").map((s) => s.trim());
      gpus.push({
        name,
        memoryUsedMiB: Number(used) || 0,
        memoryTotalMiB: Number(total) || 0,
        utilizationPercent: Number(util) || 0,
      });
    }
  }
  return {
    checkout,
    gpus,
    partitions,
    ...(python ? { python } : {}),
    ...(diskFreeBytes === undefined ? {} : { diskFreeBytes }),
  };
}

export function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 && unit > 0 ? 1 : 0)} ${units[unit]}`;
}
