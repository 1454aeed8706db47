// rsync downloads and uploads over the loopback sshd (scripts/test-infra/sshd.sh), through the
// transport's own multiplexed connection, against the fixture AgentArk checkout
// (test/fixtures/remote-agentark), which stands in for the GPU programs.
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { download, upload, type SyncTarget } from "../../extension/src/runs/sync/rsync-sync";
import { PARTIAL_DIR } from "../../extension/src/runs/sync/rsync-args";
import { SyncError } from "../../extension/src/runs/sync/sync-error";
import { readManifest } from "../../extension/src/runs/sync/sync-manifest";
import type { SshTransport } from "../../extension/src/runs/transport/ssh-transport";
import { inferenceSpec, jobHost, waitForStatus } from "./job-helpers";
import { remoteEnv, remoteFile, testTransport, waitFor, type RemoteEnv } from "./remote-env";

let env: RemoteEnv;
let transport: SshTransport;
let target: SyncTarget;
let uid: number;
let gid: number;
const area = `results/sync-${process.pid}`;

beforeAll(() => {
  env = remoteEnv();
  transport = testTransport(env);
  target = { name: "loopback", transport, checkout: "~/AgentArk" };
  const st = statSync(env.checkout);
  uid = st.uid;
  gid = st.gid;
});
afterAll(async () => {
  await transport.disconnect();
  rmSync(join(env.checkout, area), { recursive: true, force: true });
});

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const workspace = () => mkdtempSync(join(tmpdir(), "aas-ws-"));

describe("rsync over the shared ssh connection", () => {
  it("downloads the fixture job's results file and records it with its sha256", async () => {
    const host = jobHost(transport);
    const spec = inferenceSpec(env, "sync-dl", { env: { AGENTARK_FIXTURE_DELAY: "0.01" } });
    await host.start(spec);
    expect((await waitForStatus(host, spec.id)).status).toBe("succeeded");
    const rel = `results/${spec.id}/llm_debate_infer.jsonl`;
    const ws = workspace();
    const masterBefore = await transport.masterPid();
    const result = await download(target, [rel], ws, { jobId: spec.id });
    // rsync rode the same multiplexed connection: the master is the one from before.
    expect(await transport.masterPid()).toBe(masterBefore);
    const remoteBytes = readFileSync(join(env.checkout, rel));
    expect(readFileSync(join(ws, rel)).equals(remoteBytes)).toBe(true);
    expect(remoteBytes.toString("utf8").trim().split("\n")).toHaveLength(12);
    const [entry] = readManifest(ws);
    expect(entry).toMatchObject({
      direction: "download",
      jobId: spec.id,
      host: "loopback",
      remotePath: rel,
      remoteRoot: env.checkout,
      localPath: rel,
      size: remoteBytes.length,
      sha256: sha(remoteBytes),
    });
    expect(result.files).toEqual([entry]);
    expect(
      readFileSync(join(ws, ".agentark-studio/sync-manifest.jsonl"), "utf8").split("\n"),
    ).toHaveLength(2);
  });

  it("uploads a curated labeled file into the checkout", async () => {
    const ws = workspace();
    const rel = `${area}/curated/QMSum_llm_debate_infer_labeled.jsonl`;
    const content = '{"query":"q","label":[1,0,1]}\n{"query":"r","label":[0]}\n';
    mkdirSync(dirname(join(ws, rel)), { recursive: true });
    writeFileSync(join(ws, rel), content);
    const result = await upload(target, [rel], ws, { jobId: "prm-train-1" });
    const remote = join(env.checkout, rel);
    expect(readFileSync(remote, "utf8")).toBe(content);
    // Written by the test user over ssh, not by root.
    expect(statSync(remote).uid).toBe(uid);
    expect(result.files[0]).toMatchObject({
      direction: "upload",
      jobId: "prm-train-1",
      remotePath: rel,
      sha256: sha(Buffer.from(content)),
    });
  });

  it("resumes an interrupted download from its partial file with the right bytes", async () => {
    const rel = `${area}/big/model_outputs.bin`;
    const bytes = randomBytes(4 * 1024 * 1024);
    remoteFile(env, rel, bytes);
    const ws = workspace();
    const destDir = join(ws, dirname(rel));
    const abort = new AbortController();
    const first = download(target, [rel], ws, { bwlimitKiB: 512, signal: abort.signal });
    // rsync writes into a hidden temp file beside the destination; stop it part way.
    await waitFor("rsync to be part way", () => {
      const tmp = existsSync(destDir)
        ? readdirSync(destDir).filter((n) => n.startsWith(".model_outputs.bin."))
        : [];
      return tmp.some((n) => statSync(join(destDir, n)).size > 256 * 1024) || undefined;
    });
    abort.abort();
    const error = await first.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SyncError);
    expect((error as SyncError).kind).toBe("interrupted");
    const partial = join(destDir, PARTIAL_DIR, "model_outputs.bin");
    const kept = statSync(partial).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(bytes.length);
    expect(existsSync(join(ws, rel))).toBe(false);

    const resumed = await download(target, [rel], ws);
    expect(readFileSync(join(ws, rel)).equals(bytes)).toBe(true);
    // Only what the partial file lacked crossed the wire.
    expect(resumed.literalBytes).toBeLessThanOrEqual(bytes.length - kept + 64 * 1024);
    expect(existsSync(join(destDir, PARTIAL_DIR))).toBe(false);
    expect(readManifest(ws).at(-1)?.sha256).toBe(sha(bytes));
  });

  it("appends to a shorter local copy and verifies the whole file", async () => {
    const rel = `${area}/grow/rows.jsonl`;
    const rows = Array.from({ length: 2000 }, (_, i) => `{"i":${i}}\n`).join("");
    remoteFile(env, rel, rows);
    const ws = workspace();
    mkdirSync(dirname(join(ws, rel)), { recursive: true });
    writeFileSync(join(ws, rel), rows.slice(0, 10_000));
    const r = await download(target, [rel], ws);
    expect(readFileSync(join(ws, rel), "utf8")).toBe(rows);
    expect(r.literalBytes).toBe(Buffer.byteLength(rows) - 10_000);
    // A local copy that is not a prefix is caught by the whole-file check and re-sent.
    writeFileSync(join(ws, rel), "x".repeat(10_000));
    await download(target, [rel], ws);
    expect(readFileSync(join(ws, rel), "utf8")).toBe(rows);
    // A longer local copy is never appended to.
    writeFileSync(join(ws, rel), rows + "extra\n");
    await download(target, [rel], ws);
    expect(readFileSync(join(ws, rel), "utf8")).toBe(rows);
  });

  it("moves hostile file names byte for byte and runs nothing", async () => {
    const canary = join(mkdtempSync(join(tmpdir(), "aas-canary-")), "canary");
    const names = [
      `; touch ${canary}`,
      `$(touch ${canary})`,
      `\`touch ${canary}\``,
      `' ; touch ${canary} ; '`,
      `" ; touch ${canary} ; "`,
      `a\nb`,
      `-oProxyCommand=touch ${canary}`,
      "--help",
      "-rf",
      "*",
      "?",
      "[a-z]",
      "{a,b}",
      "$HOME",
      "with space",
      "é ü.jsonl",
      "back\\slash",
      "#comment",
      "!!",
    ];
    const rels = names.map((n) => `${area}/hostile/${n}`);
    rels.forEach((r, i) => remoteFile(env, r, `content ${i}\n`));
    remoteFile(env, "-leading-dash.jsonl", "dash\n");
    const ws = workspace();
    await download(target, [...rels, "-leading-dash.jsonl"], ws, { jobId: "hostile" });
    rels.forEach((r, i) => expect(readFileSync(join(ws, r), "utf8")).toBe(`content ${i}\n`));
    expect(readFileSync(join(ws, "-leading-dash.jsonl"), "utf8")).toBe("dash\n");
    expect(readManifest(ws).map((e) => e.localPath)).toEqual([...rels, "-leading-dash.jsonl"]);
    // Globs were not expanded: only the named files came.
    expect(readdirSync(join(ws, area, "hostile")).sort()).toEqual(
      [...new Set(names.map((n) => n.split("/")[0]!))].sort(),
    );
    // And back up under another folder.
    const up = rels.map((r) => r.replace("/hostile/", "/hostile-up/"));
    rels.forEach((r, i) => {
      mkdirSync(dirname(join(ws, up[i]!)), { recursive: true });
      writeFileSync(join(ws, up[i]!), readFileSync(join(ws, r)));
    });
    await upload(target, up, ws);
    up.forEach((r, i) =>
      expect(readFileSync(join(env.checkout, r), "utf8")).toBe(`content ${i}\n`),
    );
    expect(existsSync(canary)).toBe(false);
    rmSync(join(env.checkout, "-leading-dash.jsonl"));
  });

  it("refuses paths that leave the checkout", async () => {
    const ws = workspace();
    await expect(download(target, ["../etc/passwd"], ws)).rejects.toThrow(/leaves the checkout/);
    await expect(download(target, ["/etc/passwd"], ws)).rejects.toThrow(/not absolute/);
    await expect(upload(target, ["a/../../x"], ws)).rejects.toThrow(/leaves the checkout/);
  });
});

describe("sync errors in words", () => {
  async function failure(p: Promise<unknown>): Promise<SyncError> {
    const e = await p.then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(SyncError);
    return e as SyncError;
  }

  it("no such remote file", async () => {
    const e = await failure(download(target, [`${area}/nope.jsonl`], workspace()));
    expect(e.kind).toBe("remote-missing");
    expect(e.message).toBe(`no such file on loopback: ${area}/nope.jsonl (in ${env.checkout})`);
  });

  it("permission denied on the host, for a file and for a folder", async () => {
    const file = remoteFile(env, `${area}/secret/locked.jsonl`, "x\n");
    chmodSync(file, 0o000);
    let e = await failure(download(target, [`${area}/secret/locked.jsonl`], workspace()));
    expect(e.kind).toBe("permission-denied");
    expect(e.message).toMatch(/permission denied on loopback: .*locked\.jsonl cannot be read/);
    chmodSync(dirname(file), 0o000);
    e = await failure(download(target, [`${area}/secret/locked.jsonl`], workspace()));
    expect(e.kind).toBe("permission-denied");
    chmodSync(dirname(file), 0o755);
    // Uploading into a folder the test user cannot write.
    const ro = join(env.checkout, area, "readonly");
    mkdirSync(ro, { recursive: true });
    chmodSync(ro, 0o555);
    const ws = workspace();
    mkdirSync(join(ws, area, "readonly"), { recursive: true });
    writeFileSync(join(ws, area, "readonly", "x.jsonl"), "x\n");
    e = await failure(upload(target, [`${area}/readonly/x.jsonl`], ws));
    expect(e.kind).toBe("permission-denied");
    expect(e.message).toMatch(/permission denied on loopback/);
  });

  it("no such local file, and no checkout on the host", async () => {
    let e = await failure(upload(target, ["results/absent.jsonl"], workspace()));
    expect(e.kind).toBe("local-missing");
    expect(e.message).toBe("no such local file: results/absent.jsonl");
    e = await failure(
      download({ ...target, checkout: "~/NoSuchCheckout" }, ["x.jsonl"], workspace()),
    );
    expect(e.kind).toBe("checkout-missing");
  });

  it("a full disk on the host and on this machine (small tmpfs mounts)", async (ctx) => {
    const remoteMount = join(env.checkout, area, "small-remote");
    const localMount = mkdtempSync(join(tmpdir(), "aas-small-"));
    mkdirSync(remoteMount, { recursive: true });
    try {
      execFileSync("mount", [
        "-t",
        "tmpfs",
        "-o",
        `size=1m,uid=${uid},gid=${gid}`,
        "tmpfs",
        remoteMount,
      ]);
    } catch {
      ctx.skip();
    }
    try {
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", localMount]);
      try {
        const big = randomBytes(3 * 1024 * 1024);
        const ws = workspace();
        const rel = `${area}/small-remote/big.bin`;
        mkdirSync(dirname(join(ws, rel)), { recursive: true });
        writeFileSync(join(ws, rel), big);
        let e = await failure(upload(target, [rel], ws));
        expect(e.kind).toBe("remote-disk-full");
        expect(e.message).toMatch(/^the disk on loopback is full while writing/);

        remoteFile(env, `${area}/big-for-local.bin`, big);
        e = await failure(download(target, [`${area}/big-for-local.bin`], localMount));
        expect(e.kind).toBe("local-disk-full");
        expect(e.message).toMatch(/^the local disk is full while writing/);
      } finally {
        execFileSync("umount", [localMount]);
      }
    } finally {
      execFileSync("umount", [remoteMount]);
    }
  });
});
