// One round trip per host for the Hosts view: the checkout, Python (after the host's setup lines,
// so a conda env or venv counts), NVIDIA GPUs and their processes, disk free where the checkout
// is, Slurm partitions and, on Slurm hosts, the queue.
import { shellPath, shellQuote } from "../transport/shell-quote";

export interface GpuProcess {
  readonly pid: number;
  readonly name: string;
  /** Undefined where nvidia-smi says `[N/A]` (e.g. under MIG or without the permission). */
  readonly usedMemoryMiB?: number;
}

export interface GpuInfo {
  readonly uuid: string;
  readonly name: string;
  /** Undefined where nvidia-smi says `[N/A]` or `[Not Supported]`. */
  readonly memoryUsedMiB?: number;
  readonly memoryTotalMiB?: number;
  readonly utilizationPercent?: number;
  readonly processes: readonly GpuProcess[];
}

/** One line of `squeue`. */
export interface QueuedJob {
  readonly jobId: string;
  readonly user: string;
  /** PENDING, RUNNING, ... */
  readonly state: string;
  /** Time used, as squeue prints it (`1-02:03:04`, `5:07`). */
  readonly time: string;
  readonly partition: string;
  /** Why it is pending, or the nodes it runs on. */
  readonly reason: string;
  readonly name: string;
  /** Our job id when the extension submitted it (sbatch `--job-name=agentark-<id>`). */
  readonly ours?: string;
}

export interface SlurmQueue {
  /** The probing user's own jobs first, then the others up to `QUEUE_OTHERS`. */
  readonly jobs: readonly QueuedJob[];
  /** Jobs in the queue of the partition(s), shown or not. */
  readonly total: number;
}

export interface HostProbe {
  readonly checkout: boolean;
  /** `Python 3.11.2 (/usr/bin/python3)`, or undefined when none is found. */
  readonly python?: string;
  /** Empty when the host has no `nvidia-smi` or no GPU. */
  readonly gpus: readonly GpuInfo[];
  /** Processes on a GPU the GPU query did not list (nvidia-smi's view changed in between). */
  readonly otherGpuProcesses: readonly GpuProcess[];
  /** nvidia-smi is there but failed (e.g. "couldn't communicate with the NVIDIA driver"). */
  readonly gpuError?: string;
  /** Free bytes on the checkout's filesystem (or the home directory's). */
  readonly diskFreeBytes?: number;
  readonly partitions: readonly string[];
  /** The login name the host gave us. */
  readonly user?: string;
  /** Only when asked for (Slurm hosts) and squeue answered. */
  readonly queue?: SlurmQueue;
}

export interface ProbeOptions {
  /** Ask squeue for the queue: of these partitions (`a,b`), or of all when empty. */
  readonly queue?: { readonly partition?: string };
}

/** Other users' jobs listed at most; one's own are always listed (a busy cluster has thousands). */
export const QUEUE_OTHERS = 50;

// `name` and `process_name` go last: they are the fields that may hold a comma.
const GPU_QUERY =
  "nvidia-smi --query-gpu=uuid,memory.used,memory.total,utilization.gpu,name --format=csv,noheader,nounits";
const GPU_APPS_QUERY =
  "nvidia-smi --query-compute-apps=gpu_uuid,pid,used_memory,process_name --format=csv,noheader,nounits";
// `|` separates, and the job name, the one free-text field, goes last.
const SQUEUE_FORMAT = "%i|%u|%T|%M|%P|%R|%j";

export function buildProbeScript(
  checkout: string,
  setup: readonly string[],
  options: ProbeOptions = {},
): string {
  const partition = options.queue?.partition;
  return [
    `ck=${shellPath(checkout)}`,
    `if [ -d "$ck" ]; then echo checkout=yes; else echo checkout=no; fi`,
    `echo "user=$(id -un)"`,
    // The setup lines are the host's own (run before every job); their output is not ours.
    `{ cd "$ck" 2>/dev/null || cd; ${setup.join("\n")}\n} >/dev/null 2>&1 </dev/null`,
    `py=$(command -v python3 || command -v python)`,
    `if [ -n "$py" ]; then echo "python=$("$py" --version 2>&1) ($py)"; fi`,
    `if command -v nvidia-smi >/dev/null 2>&1; then`,
    // Its errors ("No devices were found", a driver mismatch) arrive on stdout with a non-zero
    // status: only a zero status means the lines are GPUs.
    `  if g=$(${GPU_QUERY} 2>&1); then`,
    `    printf '%s\\n' "$g" | sed 's/^/gpu=/'`,
    `    ${GPU_APPS_QUERY} 2>/dev/null | sed 's/^/gpuproc=/'`,
    `  else printf '%s\\n' "$g" | head -n 1 | sed 's/^/gpuerror=/'; fi`,
    `fi`,
    `df -Pk "$ck" 2>/dev/null | awk 'NR==2{print "disk=" $4}' || true`,
    `if command -v sinfo >/dev/null 2>&1; then sinfo -h -o '%P %a %D %G' 2>/dev/null | sed 's/^/partition=/'; fi`,
    ...(options.queue
      ? [
          `if command -v squeue >/dev/null 2>&1 && q=$(squeue -h ${partition ? `-p ${shellQuote(partition)} ` : ""}-o ${shellQuote(SQUEUE_FORMAT)} 2>/dev/null); then`,
          `  me=$(id -un)`,
          `  printf '%s\\n' "$q" | awk -F'|' -v me="$me" -v max=${QUEUE_OTHERS} 'NF >= 7 { n++; if ($2 == me) print "job=" $0; else if (o < max) { o++; print "job=" $0 } } END { print "queue=" n + 0 }'`,
          `fi`,
        ]
      : []),
    `exit 0`,
  ].join("\n");
}

/** `[N/A]`, `[Not Supported]`, `[Insufficient Permissions]` and the like are unknown, not 0. */
function gpuNumber(field: string | undefined): number | undefined {
  if (field === undefined || !/^\d+(\.\d+)?$/.test(field.trim())) return undefined;
  return Number(field.trim());
}

/** Splits at the first `count` commas: the last field keeps any comma of its own. */
function leadingFields(line: string, count: number, separator = ","): string[] | undefined {
  const parts = line.split(separator);
  if (parts.length < count + 1) return undefined;
  return [...parts.slice(0, count), parts.slice(count).join(separator)].map((s) => s.trim());
}

function parseGpu(value: string): Omit<GpuInfo, "processes"> | undefined {
  const f = leadingFields(value, 4);
  // Anything else on these lines is a message, not a GPU.
  if (!f || !/^(GPU|MIG)-/.test(f[0] ?? "")) return undefined;
  const [uuid = "", used, total, util, name = ""] = f;
  const memoryUsedMiB = gpuNumber(used);
  const memoryTotalMiB = gpuNumber(total);
  const utilizationPercent = gpuNumber(util);
  return {
    uuid,
    name,
    ...(memoryUsedMiB === undefined ? {} : { memoryUsedMiB }),
    ...(memoryTotalMiB === undefined ? {} : { memoryTotalMiB }),
    ...(utilizationPercent === undefined ? {} : { utilizationPercent }),
  };
}

function parseGpuProcess(value: string): (GpuProcess & { readonly gpu: string }) | undefined {
  const f = leadingFields(value, 3);
  if (!f) return undefined;
  const [gpu = "", pid, used, name = ""] = f;
  if (!/^\d+$/.test(pid ?? "")) return undefined;
  const usedMemoryMiB = gpuNumber(used);
  return {
    gpu,
    pid: Number(pid),
    name,
    ...(usedMemoryMiB === undefined ? {} : { usedMemoryMiB }),
  };
}

function parseQueuedJob(value: string): QueuedJob | undefined {
  const f = leadingFields(value, 6, "|");
  if (!f) return undefined;
  const [jobId = "", user = "", state = "", time = "", partition = "", reason = "", name = ""] = f;
  if (!jobId) return undefined;
  const ours = /^agentark-(.+)$/.exec(name)?.[1];
  return { jobId, user, state, time, partition, reason, name, ...(ours ? { ours } : {}) };
}

export function parseProbe(stdout: string): HostProbe {
  let checkout = false;
  let python: string | undefined;
  let diskFreeBytes: number | undefined;
  let user: string | undefined;
  let gpuError: string | undefined;
  let queueTotal: number | undefined;
  const gpus: Omit<GpuInfo, "processes">[] = [];
  const processes: (GpuProcess & { readonly gpu: string })[] = [];
  const partitions: string[] = [];
  const jobs: QueuedJob[] = [];
  for (const line of stdout.split("\n")) {
    const eq = line.indexOf("=");
    if (eq < 0) continue;
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1).trim();
    if (key === "checkout") checkout = value === "yes";
    else if (key === "python" && value) python = value;
    else if (key === "user" && value) user = value;
    else if (key === "disk" && /^\d+$/.test(value)) diskFreeBytes = Number(value) * 1024;
    else if (key === "partition" && value) partitions.push(value);
    else if (key === "gpuerror" && value) gpuError = value;
    else if (key === "queue" && /^\d+$/.test(value)) queueTotal = Number(value);
    else if (key === "gpu") {
      const gpu = parseGpu(value);
      if (gpu) gpus.push(gpu);
    } else if (key === "gpuproc") {
      const proc = parseGpuProcess(value);
      if (proc) processes.push(proc);
    } else if (key === "job") {
      const job = parseQueuedJob(value);
      if (job) jobs.push(job);
    }
  }
  const strip = ({ gpu: _gpu, ...p }: GpuProcess & { readonly gpu: string }): GpuProcess => p;
  const known = new Set(gpus.map((g) => g.uuid));
  // "No devices were found" is nvidia-smi saying there is no GPU, not a fault.
  const noDevice = gpuError !== undefined && /no devices were found/i.test(gpuError);
  return {
    checkout,
    gpus: gpus.map((g) => ({
      ...g,
      processes: processes.filter((p) => p.gpu === g.uuid).map(strip),
    })),
    otherGpuProcesses: processes.filter((p) => !known.has(p.gpu)).map(strip),
    partitions,
    ...(gpuError && !noDevice ? { gpuError } : {}),
    ...(python ? { python } : {}),
    ...(user ? { user } : {}),
    ...(diskFreeBytes === undefined ? {} : { diskFreeBytes }),
    ...(queueTotal === undefined
      ? {}
      : { queue: { jobs, total: Math.max(queueTotal, jobs.length) } }),
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
