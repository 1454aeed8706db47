// Following a results file while the fixture AgentArk's inference.py (a stand-in for the GPU
// program, test/fixtures/remote-agentark) appends rows to it with a delay, over the loopback sshd.
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newJobId } from "../../extension/src/runs/jobs/job-id";
import { isFinished } from "../../extension/src/runs/jobs/job-state";
import { FileFollower } from "../../extension/src/runs/sync/follow-file";
import type { SyncTarget } from "../../extension/src/runs/sync/rsync-sync";
import { readManifest } from "../../extension/src/runs/sync/sync-manifest";
import type { SshTransport } from "../../extension/src/runs/transport/ssh-transport";
import { inferenceSpec, jobHost } from "./job-helpers";
import { remoteEnv, testTransport, type RemoteEnv } from "./remote-env";

let env: RemoteEnv;
let transport: SshTransport;
let target: SyncTarget;

beforeAll(() => {
  env = remoteEnv();
  transport = testTransport(env);
  target = { name: "loopback", transport, checkout: "~/AgentArk" };
});
afterAll(() => transport.disconnect());

function jobDone(id: string): () => Promise<boolean> {
  const host = jobHost(transport);
  return async () => {
    const s = (await host.status([id])).get(id);
    return s ? isFinished(s.status) : false;
  };
}

/** Every append must leave the local file ending on a complete line. */
function checkWhole(file: string): string[] {
  const text = readFileSync(file, "utf8");
  expect(text.endsWith("\n")).toBe(true);
  return text.trimEnd().split("\n");
}

describe("following a growing results file", () => {
  it("mirrors inference rows as they are written and ends byte-identical", async () => {
    const host = jobHost(transport);
    const spec = inferenceSpec(env, "follow", { env: { AGENTARK_FIXTURE_DELAY: "0.2" } });
    const rel = `results/${spec.id}/llm_debate_infer.jsonl`;
    const ws = mkdtempSync(join(tmpdir(), "aas-follow-"));
    const seen: number[] = [];
    const inodes = new Set<number>();
    await host.start(spec);
    const follower = new FileFollower({
      target,
      remotePath: rel,
      localRoot: ws,
      jobId: spec.id,
      isDone: jobDone(spec.id),
      intervalMs: 100,
      onAppend: () => {
        const lines = checkWhole(join(ws, rel));
        for (const line of lines) JSON.parse(line);
        seen.push(lines.length);
        inodes.add(statSync(join(ws, rel)).ino);
      },
    });
    const result = await follower.run();
    // One file from first row to last, the final check included: an editor following the file
    // by inode (the curation editor) sees every row arrive and never a replaced file.
    inodes.add(statSync(join(ws, rel)).ino);
    expect(inodes.size).toBe(1);
    // The local copy grew row by row while the job ran, not in one piece at the end.
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen[0]).toBeLessThan(12);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    const remote = readFileSync(join(env.checkout, rel));
    expect(readFileSync(join(ws, rel)).equals(remote)).toBe(true);
    expect(remote.toString("utf8").trim().split("\n")).toHaveLength(12);
    expect(result?.files[0]).toMatchObject({
      jobId: spec.id,
      sha256: createHash("sha256").update(remote).digest("hex"),
    });
    expect(readManifest(ws).at(-1)?.remotePath).toBe(rel);
  });

  it("goes on after the shared connection is killed mid-follow", async () => {
    const host = jobHost(transport);
    const spec = inferenceSpec(env, "follow-drop", { env: { AGENTARK_FIXTURE_DELAY: "0.2" } });
    const rel = `results/${spec.id}/llm_debate_infer.jsonl`;
    const ws = mkdtempSync(join(tmpdir(), "aas-drop-"));
    await host.start(spec);
    const master = await transport.masterPid();
    let killed = false;
    const errors: unknown[] = [];
    await new FileFollower({
      target,
      remotePath: rel,
      localRoot: ws,
      isDone: jobDone(spec.id),
      intervalMs: 100,
      onError: (e) => errors.push(e),
      onAppend: () => {
        checkWhole(join(ws, rel));
        if (!killed && master) {
          killed = true;
          process.kill(master, "SIGKILL");
        }
      },
    }).run();
    expect(killed).toBe(true);
    expect(await transport.masterPid()).not.toBe(master);
    expect(readFileSync(join(ws, rel)).equals(readFileSync(join(env.checkout, rel)))).toBe(true);
  });

  it("never appends a torn line, and brings an unterminated last line at the end", async () => {
    const host = jobHost(transport);
    const id = newJobId("torn");
    const rel = `results/${id}/rows.jsonl`;
    await host.start({
      id,
      argv: [
        "bash",
        "-c",
        // A writer that flushes half a row, pauses, then finishes it; the last row has no newline.
        'mkdir -p "$(dirname "$1")"; for i in 1 2 3; do printf \'{"row":%d,\' "$i" >>"$1"; sleep 0.4; printf \'"ok":true}\\n\' >>"$1"; done; printf \'{"row":4}\' >>"$1"',
        "writer",
        rel,
      ],
      cwd: "~/AgentArk",
      setup: [],
      env: {},
    });
    const ws = mkdtempSync(join(tmpdir(), "aas-torn-"));
    const appended: string[] = [];
    const result = await new FileFollower({
      target,
      remotePath: rel,
      localRoot: ws,
      isDone: jobDone(id),
      intervalMs: 50,
      onAppend: (bytes) => {
        appended.push(bytes.toString("utf8"));
        checkWhole(join(ws, rel));
      },
    }).run();
    expect(appended.length).toBeGreaterThanOrEqual(2);
    for (const chunk of appended) expect(chunk).toMatch(/^(\{"row":\d,"ok":true\}\n)+$/);
    const expected = '{"row":1,"ok":true}\n{"row":2,"ok":true}\n{"row":3,"ok":true}\n{"row":4}';
    expect(readFileSync(join(ws, rel), "utf8")).toBe(expected);
    expect(result?.files[0]?.size).toBe(expected.length);
  });

  it("resumes from a local copy after a restart, and starts over when it is not a prefix", async () => {
    const host = jobHost(transport);
    const spec = inferenceSpec(env, "follow-resume", { env: { AGENTARK_FIXTURE_DELAY: "0.01" } });
    const rel = `results/${spec.id}/llm_debate_infer.jsonl`;
    await host.start(spec);
    const ws = mkdtempSync(join(tmpdir(), "aas-resume-"));
    const done = jobDone(spec.id);
    await new FileFollower({ target, remotePath: rel, localRoot: ws, isDone: done }).run();
    const remote = readFileSync(join(env.checkout, rel));
    // A copy holding the first rows (as a stopped follower leaves it) grows to the whole file.
    const firstRows = remote.subarray(0, remote.indexOf("\n", 2000) + 1);
    writeFileSync(join(ws, rel), firstRows);
    let fetched = 0;
    await new FileFollower({
      target,
      remotePath: rel,
      localRoot: ws,
      isDone: done,
      onAppend: (b) => (fetched += b.length),
    }).run();
    expect(fetched).toBe(remote.length - firstRows.length);
    expect(readFileSync(join(ws, rel)).equals(remote)).toBe(true);
    // A copy of something else is replaced, not extended.
    const other = mkdtempSync(join(tmpdir(), "aas-other-"));
    mkdirSync(dirname(join(other, rel)), { recursive: true });
    writeFileSync(join(other, rel), '{"not":"this job"}\n');
    await new FileFollower({ target, remotePath: rel, localRoot: other, isDone: done }).run();
    expect(readFileSync(join(other, rel)).equals(remote)).toBe(true);
  });
});
