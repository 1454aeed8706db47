// `after:` through the engine on the built-in `local` host (a direct host: bash on this machine),
// the way the CLI and the Runs view use it: predecessor() names the job to chain on, submit()
// hands it to the host, and the job waits there.
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { JobEngine } from "../../../../extension/src/runs/jobs/job-engine";
import { JobRegistry } from "../../../../extension/src/runs/jobs/job-registry";
import type { JobState } from "../../../../extension/src/runs/jobs/job-state";
import { predecessor } from "../../../../extension/src/runs/jobs/predecessor";

// The local host keeps its jobs under ~/.agentark-studio: a home of this test's own.
process.env.HOME = mkdtempSync(join(tmpdir(), "aas-home-"));
const work = mkdtempSync(join(tmpdir(), "aas-pred-"));

function engine(): JobEngine {
  return new JobEngine(
    // Nothing listens on port 1: the far host is unreachable, and says so at once.
    { gpu: { ssh: "nobody@127.0.0.1:1" } },
    { workspace: work },
    new JobRegistry(mkdtempSync(join(tmpdir(), "aas-state-"))),
  );
}

async function until(e: JobEngine, id: string, done: (s: JobState) => boolean): Promise<JobState> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const s = (await e.refresh([id])).states.get(id);
    if (s && done(s)) return s;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${id}: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const cmd = (script: string) => ({ argv: ["sh", "-c", script], env: {}, cwd: "checkout" });

describe("predecessor() and submit() on a direct host", { timeout: 20_000 }, () => {
  it("chains on a running predecessor on the same host; the job runs after it", async () => {
    const e = engine();
    const gate = join(work, "go-1");
    const a = await e.submit({
      host: "local",
      run: "infer",
      command: cmd(`while [ ! -e ${gate} ]; do sleep 0.05; done`),
    });
    const chained = await predecessor(e, "infer", "local");
    expect(chained).toBe(a.id);
    const b = await e.submit({
      host: "local",
      run: "label",
      command: cmd("echo labelled > labelled-1"),
      afterOk: [chained!],
    });
    expect(await until(e, b.id, (s) => s.reason !== undefined)).toMatchObject({
      status: "queued",
      reason: `waiting for ${a.id}`,
    });
    writeFileSync(gate, "");
    const sb = await until(e, b.id, (s) => s.status === "succeeded");
    expect(sb.startedAt! >= (await until(e, a.id, (s) => s.status === "succeeded")).endedAt!).toBe(
      true,
    );
    expect(existsSync(join(work, "labelled-1"))).toBe(true);
    expect(e.registry.get(b.id)?.status).toBe("succeeded");
    // Once it has succeeded there is nothing to wait for.
    expect(await predecessor(e, "infer", "local")).toBeUndefined();
  });

  it("refuses a predecessor that failed, or that never ran", async () => {
    const e = engine();
    const a = await e.submit({ host: "local", run: "infer", command: cmd("exit 3") });
    await until(e, a.id, (s) => s.status === "failed");
    await expect(predecessor(e, "infer", "local")).rejects.toThrow(
      `"infer" (job ${a.id}) is failed; this run needs it to succeed first`,
    );
    await expect(predecessor(e, "prepare", "local")).rejects.toThrow(
      'run "prepare" first: this run comes after it',
    );
  });

  it("refuses to chain across hosts while the predecessor is unfinished", async () => {
    const e = engine();
    e.registry.add({
      id: "far-1",
      host: "gpu",
      run: "infer",
      argv: ["true"],
      cwd: "~/AgentArk",
      jobDir: "~/.agentark-studio/jobs/far-1",
      submittedAt: new Date().toISOString(),
      status: "running",
    });
    await expect(predecessor(e, "infer", "local")).rejects.toThrow(
      `"infer" (job far-1) is running on host "gpu"; a run on "local" can only follow it once it has succeeded`,
    );
    await expect(
      e.submit({ host: "local", command: cmd("true"), afterOk: ["far-1"] }),
    ).rejects.toThrow(
      `job far-1 runs on host "gpu": a job on "local" can only wait for jobs on the same host`,
    );
  });
});
