import { type CheckContext, checkRun, type RunFinding } from "./check-run";
import { didYouMean as didYouMeanName } from "../did-you-mean";
import { evalScriptOf } from "./kinds";
import { LOCAL_HOST, type Run, type RunFile } from "./run-file";

/** The traps that need the whole file: hosts, `after:` links, GRPO port collisions, and each run. */
export function checkRunFile(file: RunFile, ctx: CheckContext = {}): RunFinding[] {
  const findings: RunFinding[] = [];
  const hosts = file.hosts ?? {};
  const runs = file.runs ?? {};
  for (const [hostName, host] of Object.entries(hosts)) {
    if (hostName !== LOCAL_HOST && !host.ssh)
      findings.push({
        code: "host-no-ssh",
        severity: "error",
        message: `Host \`${hostName}\` needs \`ssh:\` (an alias from ~/.ssh/config or user@host[:port]).`,
        path: ["hosts", hostName],
        target: "key",
      });
    if (host.slurm && host.scheduler !== "slurm")
      findings.push({
        code: "slurm-without-scheduler",
        severity: "warning",
        message: "`slurm:` is used only with `scheduler: slurm`.",
        path: ["hosts", hostName, "slurm"],
        target: "key",
      });
  }
  const hostNames = [...Object.keys(hosts), LOCAL_HOST];
  for (const [name, run] of Object.entries(runs)) {
    if (run.host !== undefined && !hostNames.includes(run.host)) {
      const s = didYouMeanName(run.host, hostNames);
      findings.push({
        code: "unknown-host",
        severity: "error",
        message: `No host \`${run.host}\` in \`hosts:\` (and it is not \`local\`).${s ? ` Did you mean \`${s}\`?` : ""}`,
        path: ["runs", name, "host"],
        target: "value",
        ...(s ? { replacement: s } : {}),
      });
    }
    if (run.after !== undefined && !(run.after in runs)) {
      const s = didYouMeanName(run.after, Object.keys(runs));
      findings.push({
        code: "unknown-after",
        severity: "error",
        message: `No run \`${run.after}\` in this file.${s ? ` Did you mean \`${s}\`?` : ""}`,
        path: ["runs", name, "after"],
        target: "value",
        ...(s ? { replacement: s } : {}),
      });
    }
    findings.push(...checkRun(name, run, ctx));
    const host = hosts[run.host ?? LOCAL_HOST];
    const env = { ...host?.env, ...run.env };
    if (
      run.kind === "eval" &&
      evalScriptOf(run.args) === "math_eval" &&
      !("CUDA_VISIBLE_DEVICES" in env)
    )
      findings.push({
        code: "math-eval-cuda",
        severity: "warning",
        message:
          "eval/math_eval.py reads os.environ[\"CUDA_VISIBLE_DEVICES\"] (`:111`) and raises KeyError when it is unset: set it in the run's or the host's `env:`.",
        path: ["runs", name, "kind"],
        target: "value",
      });
  }
  findings.push(...afterCycles(runs), ...portCollisions(runs));
  return findings;
}

function afterCycles(runs: Readonly<Record<string, Run>>): RunFinding[] {
  const findings: RunFinding[] = [];
  const reported = new Set<string>();
  for (const start of Object.keys(runs)) {
    const chain: string[] = [];
    let current: string | undefined = start;
    while (current !== undefined && current in runs && !chain.includes(current)) {
      chain.push(current);
      current = runs[current]?.after;
    }
    if (current === undefined || !chain.includes(current)) continue;
    const cycle = chain.slice(chain.indexOf(current));
    if (!cycle.includes(start) || reported.has(start)) continue;
    for (const member of cycle) reported.add(member);
    for (const member of cycle)
      findings.push({
        code: "after-cycle",
        severity: "error",
        message: `\`after:\` forms a cycle: ${[...cycle, cycle[0]].join(" → ")}; none of these runs can start.`,
        path: ["runs", member, "after"],
        target: "value",
      });
  }
  return findings;
}

/**
 * Single-GPU GRPO sets MASTER_PORT=12355 unconditionally (`deepspeed.py:95-122`), so two such runs
 * on one host collide unless one is chained after the other.
 */
function portCollisions(runs: Readonly<Record<string, Run>>): RunFinding[] {
  const byHost = new Map<string, string[]>();
  for (const [name, run] of Object.entries(runs)) {
    if (run.kind !== "grpo" || run.args?.distributed_training === true) continue;
    const host = run.host ?? LOCAL_HOST;
    byHost.set(host, [...(byHost.get(host) ?? []), name]);
  }
  const findings: RunFinding[] = [];
  for (const [host, names] of byHost) {
    if (names.length < 2) continue;
    for (const name of names) {
      const others = names.filter((n) => n !== name && !chained(runs, name, n));
      if (others.length === 0) continue;
      findings.push({
        code: "grpo-port-collision",
        severity: "warning",
        message: `GRPO runs ${[name, ...others].map((n) => `\`${n}\``).join(", ")} on host \`${host}\` all bind MASTER_PORT 12355 (fixed in setup_local): run concurrently, the second fails with "address already in use". Chain them with \`after:\` or use another host.`,
        path: ["runs", name, "host"],
        target: runs[name]?.host === undefined ? "key" : "value",
      });
    }
  }
  return findings;
}

/** True when one run transitively waits for the other, so they never run at once. */
function chained(runs: Readonly<Record<string, Run>>, a: string, b: string): boolean {
  const waitsFor = (from: string, to: string): boolean => {
    const seen = new Set<string>();
    let current = runs[from]?.after;
    while (current !== undefined && !seen.has(current)) {
      if (current === to) return true;
      seen.add(current);
      current = runs[current]?.after;
    }
    return false;
  };
  return waitsFor(a, b) || waitsFor(b, a);
}
