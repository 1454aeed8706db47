// Faults between the editor and the host: the job must go on, and the log must resume with no
// gap and no duplicate. The fixture AgentArk checkout stands in for the GPU program.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SshTransport } from "../../extension/src/runs/transport/ssh-transport";
import { repoRoot } from "./remote-env";
import { inferenceSpec, jobHost, readJobFile, waitForStatus } from "./job-helpers";
import { remoteEnv, testTransport, waitFor, type RemoteEnv } from "./remote-env";

let env: RemoteEnv;
let transport: SshTransport;

beforeAll(() => {
  env = remoteEnv();
  transport = testTransport(env);
});
afterAll(async () => {
  execFileSync("bash", ["scripts/test-infra/sshd.sh", "start"], { cwd: repoRoot });
  await transport.disconnect();
});

/** Our own ssh clients (children of this process) running the log follower's script. */
function followerSshPids(): number[] {
  const pids: number[] = [];
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      if (ppid === process.pid && argv[0] === "ssh" && argv.includes("bash -s"))
        pids.push(Number(pid));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

function sshd(command: "start" | "stop"): void {
  execFileSync("bash", ["scripts/test-infra/sshd.sh", command], { cwd: repoRoot });
}

/** Starts a fixture inference job and follows its log until some of it has arrived. */
async function followRunningJob(name: string, opts?: Parameters<typeof inferenceSpec>[2]) {
  const host = jobHost(transport);
  const spec = inferenceSpec(env, name, opts);
  await host.start(spec);
  const seen = { text: "", reconnects: [] as unknown[] };
  const done = host
    .follow({
      jobId: spec.id,
      onData: (b) => (seen.text += b.toString("utf8")),
      onReconnect: (e) => seen.reconnects.push(e),
    })
    .run();
  await waitFor("some log", () => seen.text.includes("Processing samples") || undefined);
  /** The follower's end: it must stop where the finished job's log ends, with every byte of it. */
  const resumedExactly = async () => {
    const end = await done;
    const state = await waitForStatus(host, spec.id);
    expect(state.status).toBe("succeeded");
    expect(end).toBe(state.logSize);
    expect(seen.text).toBe(readJobFile(env, spec.id, "log"));
  };
  return { seen, resumedExactly };
}

describe("connection faults", () => {
  it("the job goes on when the shared connection is killed, and the log resumes exactly", async () => {
    const { seen, resumedExactly } = await followRunningJob("drop");
    const master = await transport.masterPid();
    expect(master).toBeGreaterThan(0);
    process.kill(master!, "SIGKILL");
    await resumedExactly();
    expect(seen.reconnects.length).toBeGreaterThan(0);
    expect(await transport.masterPid()).not.toBe(master);
  });

  it("resumes exactly when the follower's own ssh client is killed", async () => {
    const { seen, resumedExactly } = await followRunningJob("client");
    const clients = await waitFor("the follower's ssh", () => {
      const pids = followerSshPids();
      return pids.length ? pids : undefined;
    });
    for (const pid of clients) process.kill(pid, "SIGKILL");
    await resumedExactly();
    expect(seen.reconnects.length).toBeGreaterThan(0);
  });

  it("survives sshd going down and coming back mid-job", async () => {
    const { seen, resumedExactly } = await followRunningJob("restart", {
      env: { AGENTARK_FIXTURE_DELAY: "0.4" },
    });
    sshd("stop");
    // Established sessions outlive the listener; drop ours so the follower must reconnect.
    const master = await transport.masterPid();
    if (master) process.kill(master, "SIGKILL");
    await waitFor("a failed reconnect", () => seen.reconnects.length >= 2 || undefined);
    const before = seen.text.length;
    sshd("start");
    await resumedExactly();
    expect(seen.text.length).toBeGreaterThan(before);
  });

  it("reattaches after the editor restarts, from the saved offset", async () => {
    const host = jobHost(transport);
    const spec = inferenceSpec(env, "reattach");
    await host.start(spec);
    let first = "";
    const a = host.follow({ jobId: spec.id, onData: (b) => (first += b.toString("utf8")) });
    const runA = a.run();
    await waitFor("some log", () => first.includes("Processing samples") || undefined);
    a.stop();
    const saved = await runA;
    expect(saved).toBe(Buffer.byteLength(first));
    // A new process: its own transport and connection, only the offset carried over.
    const fresh = testTransport(env);
    let second = "";
    await jobHost(fresh)
      .follow({ jobId: spec.id, offset: saved, onData: (b) => (second += b.toString("utf8")) })
      .run();
    expect(first + second).toBe(readJobFile(env, spec.id, "log"));
    await fresh.disconnect();
  });
});
