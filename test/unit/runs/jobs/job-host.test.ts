// The job engine on the built-in `local` host (bash on this machine): the same scripts the SSH
// host runs, without a server. The remote tier (test/remote) covers the same over real SSH.
import { execFileSync, spawnSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { JobHost } from "../../../../extension/src/runs/jobs/job-host";
import { newJobId } from "../../../../extension/src/runs/jobs/job-id";
import type { JobState } from "../../../../extension/src/runs/jobs/job-state";
import { LocalTransport } from "../../../../extension/src/runs/transport/local-transport";

const root = mkdtempSync(join(tmpdir(), "aas-jobs-"));
const host = new JobHost(new LocalTransport(), root);

async function until(id: string, done: (s: JobState) => boolean): Promise<JobState> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const s = (await host.status([id])).get(id);
    if (s && done(s)) return s;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${id}: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("JobHost on the local host", () => {
  it("runs setup then the command in the working directory, with env and secrets", async () => {
    const id = newJobId("local");
    const cwd = mkdtempSync(join(tmpdir(), "aas-cwd-"));
    const started = await host.start({
      id,
      argv: ["sh", "-c", 'echo "$PWD $GREETING $FROM_SETUP ${#TOKEN}"; exit 3'],
      cwd,
      setup: ["export FROM_SETUP=yes"],
      env: { GREETING: "hello world" },
      secrets: { TOKEN: "s3cret" },
    });
    expect(started.jobDir).toBe(join(root, id));
    let text = "";
    const offset = await host.follow({ jobId: id, onData: (b) => (text += b.toString()) }).run();
    expect(text).toBe(`${cwd} hello world yes 6\n`);
    expect(offset).toBe(Buffer.byteLength(text));
    const state = await until(id, (s) => s.status !== "running" && s.status !== "queued");
    expect(state).toMatchObject({ status: "failed", exitCode: 3 });
    for (const f of readdirSync(started.jobDir))
      expect(readFileSync(join(started.jobDir, f), "utf8")).not.toContain("s3cret");
    const [argvLine, line] = readFileSync(join(started.jobDir, "command"), "utf8").split("\n");
    expect(JSON.parse(argvLine!)).toEqual([
      "sh",
      "-c",
      'echo "$PWD $GREETING $FROM_SETUP ${#TOKEN}"; exit 3',
    ]);
    expect(line).toBe("sh '-c' 'echo \"$PWD $GREETING $FROM_SETUP ${#TOKEN}\"; exit 3'");
  });

  it("reads the log from an offset and cancels a running job", async () => {
    const id = newJobId("sleeper");
    await host.start({ id, argv: ["sh", "-c", "echo 0123456789; sleep 30"], cwd: root });
    await until(id, (s) => s.status === "running" && s.logSize > 0);
    expect((await host.readLog(id, 4)).toString()).toBe("456789\n");
    const state = await host.cancel(id, 1);
    expect(state.status).toBe("cancelled");
  });

  it("says lost for a job that never existed", async () => {
    const id = newJobId("ghost");
    expect((await host.status([id])).get(id)).toMatchObject({ status: "lost", exists: false });
  });

  it("does not call a job lost that ended while its status was being read", async () => {
    // The race, made deterministic: the status script reads the job's files (no exit_code yet),
    // the job writes its exit code and exits, then the script tests whether it is alive. Its
    // last file, not_started, is a FIFO here, so the script waits there while the job "ends".
    const id = newJobId("ending");
    const d = join(root, id);
    mkdirSync(d);
    const exited = spawnSync("true");
    writeFileSync(join(d, "pid"), `${exited.pid}\n`);
    execFileSync("mkfifo", [join(d, "not_started")]);
    const status = host.status([id]);
    // Opening a FIFO for writing returns once the script has opened it for reading.
    const writer = await open(join(d, "not_started"), "w");
    writeFileSync(join(d, "exit_code"), "3\n");
    unlinkSync(join(d, "not_started"));
    await writer.close();
    expect((await status).get(id)).toMatchObject({ status: "failed", exitCode: 3 });
  });
});
