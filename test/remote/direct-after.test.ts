// `after:` on a direct host over the loopback sshd: the dependent job's detached wrapper waits on
// the host for its predecessor's exit code, so the chain goes on without the editor or the link.
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newJobId } from "../../extension/src/runs/jobs/job-id";
import type { JobHost } from "../../extension/src/runs/jobs/job-host";
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

/** A job on the host that runs until the test creates its gate file, then exits with `code`. */
async function gated(host: JobHost, name: string, code = 0) {
  const id = newJobId(name);
  // The test runs on the host's machine, so it can open the gate directly.
  const gate = join(env.home, `.aas-gate-${id}`);
  await host.start({
    id,
    argv: [
      "sh",
      "-c",
      `echo waiting; while [ ! -e "$1" ]; do sleep 0.1; done; exit ${code}`,
      "-",
      gate,
    ],
    cwd: "~/AgentArk",
  });
  await waitForStatus(host, id, (s) => s.status === "running");
  return { id, open: () => writeFileSync(gate, "") };
}

describe("after: on a direct host", () => {
  it("runs the next job once its predecessor has succeeded", async () => {
    const host = jobHost(transport);
    const a = await gated(host, "infer");
    const b = inferenceSpec(env, "label", {
      afterOk: [a.id],
      env: { AGENTARK_FIXTURE_DELAY: "0" },
    });
    await host.start(b);
    const waiting = await waitForStatus(host, b.id, (s) => s.reason !== undefined);
    expect(waiting).toMatchObject({ status: "queued", reason: `waiting for ${a.id}` });
    expect(readJobFile(env, b.id, "started_at")).toBeUndefined();
    a.open();
    const sa = await waitForStatus(host, a.id);
    const sb = await waitForStatus(host, b.id);
    expect([sa.status, sb.status]).toEqual(["succeeded", "succeeded"]);
    expect(sb.startedAt! >= sa.endedAt!).toBe(true);
    expect(readJobFile(env, b.id, "log")).toContain("Processing samples: 100%");
  });

  it("never runs the next job's command when the predecessor fails, and says why", async () => {
    const host = jobHost(transport);
    const a = await gated(host, "infer-fails", 3);
    const marker = join(env.home, `.aas-ran-${a.id}`);
    const b = newJobId("label");
    await host.start({
      id: b,
      argv: ["sh", "-c", 'echo ran > "$1"', "-", marker],
      cwd: "~/AgentArk",
      afterOk: [a.id],
    });
    a.open();
    const sb = await waitForStatus(host, b);
    expect(sb).toMatchObject({
      status: "failed",
      reason: `predecessor ${a.id} failed (exit 3); not started`,
    });
    expect(sb.startedAt).toBeUndefined();
    expect(readJobFile(env, b, "log")).toBe(
      `agentark-studio: predecessor ${a.id} failed (exit 3); not started\n`,
    );
    expect(existsSync(marker)).toBe(false);
  });

  it("keeps waiting when the SSH connection dies, and runs after a reconnect", async () => {
    const host = jobHost(transport);
    const a = await gated(host, "infer-drop");
    const b = inferenceSpec(env, "label-drop", {
      afterOk: [a.id],
      env: { AGENTARK_FIXTURE_DELAY: "0" },
    });
    await host.start(b);
    await waitForStatus(host, b.id, (s) => s.reason === `waiting for ${a.id}`);
    const master = await transport.masterPid();
    expect(master).toBeGreaterThan(0);
    process.kill(master!, "SIGKILL");
    // Nothing of ours is connected while the predecessor ends and the next job starts.
    a.open();
    // A new connection, as after the editor restarts: the chain went on without it.
    const fresh = testTransport(env);
    try {
      const again = jobHost(fresh);
      const sb = await waitForStatus(again, b.id);
      const sa = await waitForStatus(again, a.id);
      expect([sa.status, sb.status]).toEqual(["succeeded", "succeeded"]);
      expect(sb.startedAt! >= sa.endedAt!).toBe(true);
    } finally {
      await fresh.disconnect();
    }
  });

  it("refuses to chain on a job the host does not have", async () => {
    const host = jobHost(transport);
    const id = newJobId("orphan");
    await expect(
      host.start({ id, argv: ["true"], cwd: "~/AgentArk", afterOk: ["never-ran-0000"] }),
    ).rejects.toThrow(
      /loopback: cannot chain job .*: no job never-ran-0000 on this host to wait for/,
    );
    expect(readJobFile(env, id, "command")).toBeUndefined();
  });
});
