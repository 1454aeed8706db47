// Jobs on a real sshd (scripts/test-infra/sshd.sh) running the fixture AgentArk checkout
// (test/fixtures/remote-agentark), which stands in for the GPU programs.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newJobId } from "../../extension/src/runs/jobs/job-id";
import { parseProgress, type Progress } from "../../extension/src/runs/jobs/parse-progress";
import type { SshTransport } from "../../extension/src/runs/transport/ssh-transport";
import { inferenceSpec, jobDirOf, jobHost, readJobFile, waitForStatus } from "./job-helpers";
import { remoteEnv, testTransport, type RemoteEnv } from "./remote-env";

let env: RemoteEnv;
let transport: SshTransport;

beforeAll(() => {
  env = remoteEnv();
  transport = testTransport(env);
});
afterAll(() => transport.disconnect());

/** Whether a non-zombie process is left in the group (this container's init reaps late). */
function groupAlive(pgid: number): boolean {
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue;
    }
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(pgrp) === pgid && state !== "Z") return true;
  }
  return false;
}

describe("jobs over ssh", () => {
  it("starts a detached job, streams its log and progress, and records how it ended", async () => {
    const host = jobHost(transport);
    const secret = "sk-test-$(touch /tmp/never)-'quoted'";
    const plain = inferenceSpec(env, "infer");
    const spec = {
      ...plain,
      secrets: { AAS_TEST_SECRET: secret },
      // The job proves it sees the secret by printing its hash before running inference.
      argv: [
        "bash",
        "-c",
        "python3 -c \"import os,hashlib;print('secret sha', hashlib.sha256(os.environ['AAS_TEST_SECRET'].encode()).hexdigest())\" && exec \"$@\"",
        "job",
        ...plain.argv,
      ],
    };
    const started = await host.start(spec);
    expect(started.jobDir).toBe(jobDirOf(env, spec.id));

    const progress: Progress[] = [];
    let text = "";
    const follower = host.follow({
      jobId: spec.id,
      onData: (chunk) => {
        text += chunk.toString("utf8");
        const p = parseProgress(text.slice(-4096));
        if (p) progress.push(p);
      },
    });
    const end = await follower.run();

    const state = await waitForStatus(host, spec.id);
    expect(state.status).toBe("succeeded");
    expect(state.exitCode).toBe(0);
    expect(end).toBe(state.logSize);
    expect(text).toBe(readJobFile(env, spec.id, "log"));
    expect(text).toContain(">> After filtering: 12 samples");
    expect(text).toContain(`secret sha ${createHash("sha256").update(secret).digest("hex")}`);
    expect(progress.some((p) => p.fraction !== undefined && p.fraction > 0 && p.fraction < 1)).toBe(
      true,
    );
    expect(progress.at(-1)).toEqual({ fraction: 1, label: "Processing samples 12/12" });

    // The job directory holds the record, and the secret is in none of its files.
    const dir = jobDirOf(env, spec.id);
    const files = readdirSync(dir).sort();
    expect(files).toEqual(
      [
        "command",
        "ended_at",
        "env",
        "exit_code",
        "log",
        "pgid",
        "pid",
        "run.sh",
        "started_at",
        "status",
      ].sort(),
    );
    for (const f of files) expect(readFileSync(join(dir, f), "utf8")).not.toContain("sk-test");
    expect(JSON.parse(readJobFile(env, spec.id, "command")!.split("\n")[0]!)).toEqual(spec.argv);
    expect(readJobFile(env, spec.id, "env")).toBe("export AGENTARK_FIXTURE_DELAY=0.25\n");
    expect(readJobFile(env, spec.id, "status")).toBe("succeeded\n");
    expect(state.startedAt! <= state.endedAt!).toBe(true);
    expect(existsSync("/tmp/never")).toBe(false);

    // The real output path and format.
    const out = join(env.checkout, "results", spec.id, "llm_debate_infer.jsonl");
    const rows = readFileSync(out, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toHaveLength(12);
    expect(rows[0]?.source).toBe("QMSum");
    expect(rows[0]?.response).toContain("===== Solution 6 =====");
  });

  it("records the exit code of a job that fails", async () => {
    const host = jobHost(transport);
    const spec = inferenceSpec(env, "fails", {
      env: { AGENTARK_FIXTURE_DELAY: "0", AGENTARK_FIXTURE_FAIL: "1" },
    });
    await host.start(spec);
    const state = await waitForStatus(host, spec.id);
    expect(state).toMatchObject({ status: "failed", exitCode: 3 });
    expect((await host.readLog(spec.id)).toString()).toContain(
      "RuntimeError: fixture failure requested",
    );
  });

  it("reports a setup line that fails, before the command runs", async () => {
    const host = jobHost(transport);
    const spec = inferenceSpec(env, "setup", { setup: ["source /nonexistent/activate agentark"] });
    await host.start(spec);
    const state = await waitForStatus(host, spec.id);
    expect(state.status).toBe("failed");
    expect((await host.readLog(spec.id)).toString()).toMatch(
      /setup line failed with status 1: source/,
    );
  });

  it("cancel kills the whole process group and says cancelled", async () => {
    const host = jobHost(transport);
    const spec = inferenceSpec(env, "cancel", { env: { AGENTARK_FIXTURE_DELAY: "5" } });
    await host.start(spec);
    const running = await waitForStatus(
      host,
      spec.id,
      (s) => s.status === "running" && s.logSize > 0,
    );
    expect(running.pgid).toBeGreaterThan(1);
    expect(groupAlive(running.pgid!)).toBe(true);
    const state = await host.cancel(spec.id, 2);
    expect(state.status).toBe("cancelled");
    expect(groupAlive(running.pgid!)).toBe(false);
  });

  it("a job whose processes are killed is lost; one whose program is killed failed", async () => {
    const host = jobHost(transport);
    const lost = inferenceSpec(env, "lost", { env: { AGENTARK_FIXTURE_DELAY: "5" } });
    const killed = inferenceSpec(env, "killed", { env: { AGENTARK_FIXTURE_DELAY: "5" } });
    await host.start(lost);
    await host.start(killed);
    const a = await waitForStatus(host, lost.id, (s) => s.status === "running");
    const b = await waitForStatus(host, killed.id, (s) => s.status === "running");
    process.kill(-a.pgid!, "SIGKILL");
    // Only the python program, not the wrapper that records the exit code.
    execFileSync("pkill", ["-KILL", "-g", String(b.pgid), "-f", "inference.py"]);
    const gone = await waitForStatus(host, lost.id);
    expect(gone.status).toBe("lost");
    expect(gone.reason).toMatch(/left no exit code/);
    expect(await waitForStatus(host, killed.id)).toMatchObject({ status: "failed", exitCode: 137 });
  });

  it("says so when the checkout is missing, before writing anything", async () => {
    const host = jobHost(transport);
    const spec = inferenceSpec(env, "nocheckout", { cwd: "~/NoSuchCheckout" });
    await expect(host.start(spec)).rejects.toThrow(
      /AgentArk checkout ~\/NoSuchCheckout does not exist/,
    );
    expect(readJobFile(env, spec.id, "command")).toBeUndefined();
  });

  it("refuses to reuse a job id", async () => {
    const host = jobHost(transport);
    const spec = inferenceSpec(env, "dup", { argv: ["true"] });
    await host.start(spec);
    await expect(host.start(spec)).rejects.toThrow(/job directory exists/);
  });

  it("reads the status of 50 jobs with one ssh invocation", async () => {
    const host = jobHost(transport);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const spec = inferenceSpec(env, `many-${i}`, { argv: ["sh", "-c", `exit ${i}`] });
      await host.start(spec);
      ids.push(spec.id);
    }
    const missing = Array.from({ length: 45 }, (_, i) => newJobId(`missing-${i}`));
    const counting = countingTransport(env);
    const states = await jobHost(counting.transport).status([...ids, ...missing]);
    expect(counting.count()).toBe(1);
    expect(states.size).toBe(50);
    await waitForStatus(host, ids[4]!);
    const again = await jobHost(counting.transport).status(ids);
    expect(ids.map((id) => again.get(id)?.exitCode)).toEqual([0, 1, 2, 3, 4]);
    expect(states.get(missing[0]!)?.status).toBe("lost");
    await counting.transport.disconnect();
  });
});

/** A transport whose ssh binary is a wrapper that counts its invocations in a file. */
function countingTransport(env: RemoteEnv): { transport: SshTransport; count: () => number } {
  const dir = execFileSync("mktemp", ["-d"], { encoding: "utf8" }).trim();
  const wrapper = join(dir, "ssh");
  const counter = join(dir, "count");
  execFileSync("bash", [
    "-c",
    `printf '#!/bin/sh\\necho x >> ${counter}\\nexec ssh "$@"\\n' > ${wrapper}; chmod +x ${wrapper}`,
  ]);
  const transport = testTransport(env);
  Object.assign(transport, { binary: wrapper });
  return {
    transport,
    count: () =>
      existsSync(counter) ? readFileSync(counter, "utf8").split("\n").filter(Boolean).length : 0,
  };
}
