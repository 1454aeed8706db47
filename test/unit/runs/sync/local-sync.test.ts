// The built-in `local` host: the same download/upload/follow code with rsync between two folders
// on this machine, and the host-side scripts run by bash with hostile names.
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { FileFollower } from "../../../../extension/src/runs/sync/follow-file";
import {
  checkoutIsWorkspace,
  download,
  upload,
  type SyncTarget,
} from "../../../../extension/src/runs/sync/rsync-sync";
import { lastEntryFor, readManifest } from "../../../../extension/src/runs/sync/sync-manifest";
import { LocalTransport } from "../../../../extension/src/runs/transport/local-transport";

function setup() {
  const checkout = mkdtempSync(join(tmpdir(), "aas-checkout-"));
  const ws = mkdtempSync(join(tmpdir(), "aas-ws-"));
  const target: SyncTarget = { name: "local", transport: new LocalTransport(), checkout };
  const put = (root: string, rel: string, text: string) => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  return { checkout, ws, target, put };
}

describe("sync on the local host", () => {
  it("tells a checkout that is the workspace (by any path to it) from one elsewhere", () => {
    const { checkout, ws, target } = setup();
    const local = (path: string): SyncTarget => ({ ...target, checkout: path });
    expect(checkoutIsWorkspace(target, ws)).toBe(false);
    expect(checkoutIsWorkspace(local(ws), ws)).toBe(true);
    expect(checkoutIsWorkspace(local(`${ws}/`), ws)).toBe(true);
    const link = join(mkdtempSync(join(tmpdir(), "aas-link-")), "ws");
    symlinkSync(ws, link);
    expect(checkoutIsWorkspace(local(link), ws)).toBe(true);
    expect(checkoutIsWorkspace(local("~"), homedir())).toBe(true);
    expect(checkoutIsWorkspace(local(checkout), homedir())).toBe(false);
  });

  it("downloads and uploads hostile names and records them", async () => {
    const { checkout, ws, target, put } = setup();
    const canary = join(mkdtempSync(join(tmpdir(), "aas-canary-")), "c");
    const names = [`$(touch ${canary})`, "`x`", "-rf", "a\nb", "*", "it's"];
    names.forEach((n, i) => put(checkout, `r/${n}`, `row ${i}\n`));
    const r = await download(
      target,
      names.map((n) => `r/${n}`),
      ws,
      { jobId: "j1" },
    );
    names.forEach((n, i) => expect(readFileSync(join(ws, "r", n), "utf8")).toBe(`row ${i}\n`));
    expect(r.files.map((f) => f.sha256)).toEqual(
      names.map((_, i) => createHash("sha256").update(`row ${i}\n`).digest("hex")),
    );
    expect(readManifest(ws)).toHaveLength(names.length);
    put(ws, "up/-labeled.jsonl", "L\n");
    await upload(target, ["up/-labeled.jsonl"], ws);
    expect(readFileSync(join(checkout, "up/-labeled.jsonl"), "utf8")).toBe("L\n");
    expect(existsSync(canary)).toBe(false);
  });

  it("follows a file that is already complete in one go", async () => {
    const { checkout, ws, target, put } = setup();
    put(checkout, "r/x.jsonl", "a\nb\nc");
    const chunks: string[] = [];
    await new FileFollower({
      target,
      remotePath: "r/x.jsonl",
      localRoot: ws,
      isDone: () => Promise.resolve(true),
      onAppend: (b) => chunks.push(b.toString()),
    }).run();
    expect(chunks).toEqual(["a\nb\n"]);
    expect(readFileSync(join(ws, "r/x.jsonl"), "utf8")).toBe("a\nb\nc");
  });
});

describe("sync when the checkout is the workspace", () => {
  it("moves nothing and still records the files", async () => {
    const { checkout, put } = setup();
    put(checkout, "r/x.jsonl", "a\n");
    const target: SyncTarget = { name: "local", transport: new LocalTransport(), checkout };
    const r = await download(target, ["r/x.jsonl"], checkout, { jobId: "j" });
    expect(r.literalBytes).toBe(0);
    expect(r.files[0]).toMatchObject({ localPath: "r/x.jsonl", size: 2, inPlace: true });
    // Not a transfer: curation made here before it stays newer than the file's last download.
    expect(lastEntryFor(checkout, "r/x.jsonl", "download")).toBeUndefined();
    expect(readFileSync(join(checkout, "r/x.jsonl"), "utf8")).toBe("a\n");
  });
});
