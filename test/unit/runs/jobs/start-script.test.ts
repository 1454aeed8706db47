// `afterOk` on a direct host, on the built-in `local` host (bash on this machine, the same scripts
// an SSH host runs): the dependent job's detached wrapper waits for its predecessor's exit code.
// The remote tier (test/remote/direct-after.test.ts) covers the same over real SSH.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { JobHost } from "../../../../extension/src/runs/jobs/job-host";
import { newJobId } from "../../../../extension/src/runs/jobs/job-id";
import type { JobState } from "../../../../extension/src/runs/jobs/job-state";
import { buildStartScript } from "../../../../extension/src/runs/jobs/start-script";
import { LocalTransport } from "../../../../extension/src/runs/transport/local-transport";

const root = mkdtempSync(join(tmpdir(), "aas-after-"));
const work = mkdtempSync(join(tmpdir(), "aas-after-cwd-"));
const host = new JobHost(new LocalTransport(), root);

async function until(id: string, done: (s: JobState) => boolean): Promise<JobState> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const s = (await host.status([id])).get(id);
    if (s && done(s)) return s;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${id}: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const finished = (s: JobState) => s.status !== "queued" && s.status !== "running";

/** A job that runs until the test creates its `go` file, then exits with `code`. */
async function gated(name: string, code = 0): Promise<{ id: string; release: () => void }> {
  const id = newJobId(name);
  const gate = join(work, `${id}.go`);
  await host.start({
    id,
    argv: ["sh", "-c", `while [ ! -e "$1" ]; do sleep 0.05; done; exit ${code}`, "gate", gate],
    cwd: work,
  });
  return { id, release: () => writeFileSync(gate, "") };
}

/** A job after `after` that leaves a marker file when its command really runs. */
async function dependent(after: string[]): Promise<{ id: string; marker: string }> {
  const id = newJobId("after");
  const marker = join(work, `${id}.ran`);
  await host.start({
    id,
    argv: ["sh", "-c", 'echo ran; : > "$1"', "dep", marker],
    cwd: work,
    afterOk: after,
  });
  return { id, marker };
}

const log = (id: string) => readFileSync(join(root, id, "log"), "utf8");

// Each wait is a 2 s poll on the host, and a chain waits more than once.
describe("afterOk on a direct host", { timeout: 20_000 }, () => {
  it("waits, queued, while the predecessor runs, then runs after it ended", async () => {
    const a = await gated("first");
    const b = await dependent([a.id]);
    const waiting = await until(b.id, (s) => s.reason !== undefined);
    expect(waiting).toMatchObject({ status: "queued", reason: `waiting for ${a.id}` });
    expect(existsSync(b.marker)).toBe(false);
    a.release();
    const sa = await until(a.id, finished);
    const sb = await until(b.id, finished);
    expect([sa.status, sb.status]).toEqual(["succeeded", "succeeded"]);
    expect(sb.exitCode).toBe(0);
    expect(sb.startedAt! >= sa.endedAt!).toBe(true);
    expect(existsSync(b.marker)).toBe(true);
    expect(log(b.id)).toBe("ran\n");
  });

  it("does not run after a failed predecessor, and says why", async () => {
    const a = await gated("failing", 3);
    const b = await dependent([a.id]);
    a.release();
    const sb = await until(b.id, finished);
    expect(sb).toMatchObject({
      status: "failed",
      reason: `predecessor ${a.id} failed (exit 3); not started`,
    });
    expect(sb.exitCode).toBeUndefined();
    expect(sb.startedAt).toBeUndefined();
    expect(existsSync(b.marker)).toBe(false);
    expect(log(b.id)).toBe(`agentark-studio: predecessor ${a.id} failed (exit 3); not started\n`);
  });

  it("waits for every predecessor, and a chain passes a failure on", async () => {
    const a = await gated("one");
    const b = await gated("two", 4);
    const c = await dependent([a.id, b.id]);
    const d = await dependent([c.id]);
    a.release();
    await until(a.id, finished);
    expect((await until(c.id, (s) => s.reason === `waiting for ${b.id}`)).status).toBe("queued");
    b.release();
    expect((await until(c.id, finished)).reason).toBe(
      `predecessor ${b.id} failed (exit 4); not started`,
    );
    expect((await until(d.id, finished)).reason).toBe(
      `predecessor ${c.id} failed (exit 125); not started`,
    );
    expect(existsSync(c.marker) || existsSync(d.marker)).toBe(false);
  });

  it("a cancelled predecessor cancels the waiting job; cancelling a waiting job stops its wait", async () => {
    const a = await gated("cancelled");
    const b = await dependent([a.id]);
    const c = await dependent([b.id]);
    await until(c.id, (s) => s.reason === `waiting for ${b.id}`);
    expect((await host.cancel(a.id, 1)).status).toBe("cancelled");
    expect(await until(b.id, finished)).toMatchObject({
      status: "cancelled",
      reason: `predecessor ${a.id} was cancelled; not started`,
    });
    expect((await until(c.id, finished)).status).toBe("cancelled");

    const x = await gated("long");
    const y = await dependent([x.id]);
    await until(y.id, (s) => s.reason !== undefined);
    const cancelled = await host.cancel(y.id, 1);
    expect(cancelled).toMatchObject({
      status: "cancelled",
      reason: `cancelled while waiting for ${x.id}; not started`,
    });
    expect(existsSync(y.marker)).toBe(false);
    expect((await host.status([x.id])).get(x.id)?.status).toBe("running");
    x.release();
    expect((await until(x.id, finished)).status).toBe("succeeded");
  });

  it("a predecessor killed without an exit code is lost, and the waiting job says so", async () => {
    const a = await gated("killed");
    const b = await dependent([a.id]);
    await until(b.id, (s) => s.reason !== undefined);
    const pgid = Number(readFileSync(join(root, a.id, "pgid"), "utf8"));
    process.kill(-pgid, "SIGKILL");
    expect((await until(a.id, finished)).status).toBe("lost");
    expect(await until(b.id, finished)).toMatchObject({
      status: "failed",
      reason: `predecessor ${a.id} ended without an exit code (lost); not started`,
    });
  });

  it("refuses to chain on a job that is not on the host, before writing anything", async () => {
    const id = newJobId("orphan");
    await expect(
      host.start({ id, argv: ["true"], cwd: work, afterOk: ["no-such-job"] }),
    ).rejects.toThrow(/cannot chain job .*: no job no-such-job on this host to wait for/);
    expect(existsSync(join(root, id))).toBe(false);
  });

  it("keeps predecessor ids out of the shell unless they are valid job ids", () => {
    expect(() =>
      buildStartScript({ id: "b", argv: ["true"], cwd: "/", afterOk: ["a; rm -rf ~"] }),
    ).toThrow(/not a valid job id/);
  });
});
