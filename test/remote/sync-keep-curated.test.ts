// A rerun's results coming down over the loopback sshd (real rsync) onto a file a person curated
// in the workspace: the person's version is kept, their work carried onto the new file, and an
// unchanged host copy moves nothing.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CurationEdit } from "../../schemas/src/records";
import { AuditTrail, auditPathFor } from "../../extension/src/curation/audit-trail";
import { CurationDocument } from "../../extension/src/curation/curation-document";
import { rewriteLine } from "../../extension/src/curation/line-rewriter";
import { IndexLineRanges } from "../../extension/src/curation-editor/index-line-ranges";
import { LineIndex } from "../../extension/src/data/line-index";
import { FileFollower } from "../../extension/src/runs/sync/follow-file";
import { KEPT_DIR, describeKept } from "../../extension/src/runs/sync/keep-curated";
import {
  download,
  upload,
  type DownloadResult,
  type SyncTarget,
} from "../../extension/src/runs/sync/rsync-sync";
import type { SshTransport } from "../../extension/src/runs/transport/ssh-transport";
import { remoteEnv, remoteFile, testTransport, type RemoteEnv } from "./remote-env";

let env: RemoteEnv;
let transport: SshTransport;
let target: SyncTarget;
const area = `results/keep-${process.pid}`;

beforeAll(() => {
  env = remoteEnv();
  transport = testTransport(env);
  target = { name: "loopback", transport, checkout: "~/AgentArk" };
});
afterAll(async () => {
  await transport.disconnect();
  rmSync(join(env.checkout, area), { recursive: true, force: true });
});

/** Rows as the fixture label.py writes them. */
function labeled(verdicts: readonly boolean[]): string[] {
  return verdicts.map(
    (ok, i) =>
      `{"query": "What is ${i} + 5?", "gt": "${i + 5}", "solutions": [{"id": 1, "text": "Add ${i} and 5.\\n\\nThat is ${i + 5}.", "is_correct": ${ok}}], "labels": [${ok}], "tag": null, "source": "fixture"}`,
  );
}
const fileOf = (lines: readonly string[]) => lines.map((l) => `${l}\n`).join("");

const EDITS: CurationEdit[] = [
  { type: "set-correct", line: 1, solutionId: 1, value: true },
  { type: "set-step-label", line: 1, solutionId: 1, step: 1, value: -1, separator: "\n\n" },
];

/** What a person does in the curation editor: two edits, saved (the audit trail appended). */
async function curate(path: string): Promise<void> {
  const index = await LineIndex.open(path);
  await index.build();
  const doc = await CurationDocument.open({ path, lines: new IndexLineRanges(index) });
  try {
    for (const e of EDITS) await doc.applyEdit(e, { author: "ada", source: "human" });
    expect((await doc.save()).kind).toBe("saved");
  } finally {
    await doc.close();
    await index.close();
  }
}

/** A workspace holding `rel` as it came down from the host, then curated by a person. */
async function curatedCopy(
  rel: string,
  verdicts: readonly boolean[],
): Promise<{ ws: string; curated: Buffer }> {
  const ws = mkdtempSync(join(tmpdir(), "aas-keep-"));
  remoteFile(env, rel, fileOf(labeled(verdicts)));
  await download(target, [rel], ws);
  await curate(join(ws, rel));
  return { ws, curated: readFileSync(join(ws, rel)) };
}

/** The follower kept the curated file and laid its two edits over the rerun's rows. */
function expectCarried(
  ws: string,
  rel: string,
  result: DownloadResult | undefined,
  curated: Buffer,
  rerun: readonly string[],
): void {
  expect(result?.kept).toHaveLength(1);
  expect(readFileSync(join(ws, result!.kept[0]!.keptPath)).equals(curated)).toBe(true);
  expect(readFileSync(join(ws, rel), "utf8")).toBe(withEdits(rerun));
  expect(result!.kept[0]!.carried).toEqual({ rows: 1, edits: 2, judgeChanges: 1, notCarried: 0 });
}

function withEdits(lines: readonly string[]): string {
  const out: Buffer[] = lines.map((l) => Buffer.from(l));
  for (const e of EDITS) out[e.line] = rewriteLine(out[e.line]!, e).text;
  return fileOf(out.map((b) => b.toString()));
}

describe("a download onto a curated file", () => {
  it("keeps the person's version, carries their work, and moves nothing while the host's copy is the same", async () => {
    const rel = `${area}/dl/gsm_debate_infer_labeled_by_Judge-7B.jsonl`;
    const first = labeled([true, false, true]);
    const { ws, curated } = await curatedCopy(rel, [true, false, true]);
    expect(curated.toString()).toBe(withEdits(first));

    // The host's copy is the one it was curated from: nothing moves.
    const again = await download(target, [rel], ws, { jobId: "label-1" });
    expect(again).toMatchObject({ keptAsIs: [rel], kept: [], files: [] });
    expect(readFileSync(join(ws, rel)).equals(curated)).toBe(true);

    // A rerun: the judge changed its mind on the first row; the texts are the same.
    const second = labeled([false, false, true]);
    remoteFile(env, rel, fileOf(second));
    const result = await download(target, [rel], ws, { jobId: "label-2" });
    expect(result.kept).toHaveLength(1);
    const [kept] = result.kept;
    expect(kept).toMatchObject({
      path: rel,
      carried: { rows: 1, edits: 2, judgeChanges: 1, notCarried: 0 },
    });
    expect(kept!.keptPath.startsWith(`${KEPT_DIR}/`)).toBe(true);
    expect(kept!.keptPath.endsWith(rel)).toBe(true);
    // The person's version, byte for byte, with its own trail beside it.
    expect(readFileSync(join(ws, kept!.keptPath)).equals(curated)).toBe(true);
    expect(await new AuditTrail(join(ws, kept!.keptPath)).all()).toHaveLength(2);
    // The new file: the rerun's rows with the person's work laid over them.
    expect(readFileSync(join(ws, rel), "utf8")).toBe(withEdits(second));
    const trail = await new AuditTrail(join(ws, rel)).all();
    expect(trail.map((e) => [e.source, e.model, e.edit])).toEqual([
      ["judge", "Judge-7B", { type: "set-correct", line: 0, solutionId: 1, value: false }],
      ["human", undefined, EDITS[0]],
      ["human", undefined, EDITS[1]],
    ]);
    expect(describeKept(kept!)).toContain("Your work on 1 row (2 changes) was carried");

    // Fetching the same run again leaves the carried file alone.
    const third = await download(target, [rel], ws, { jobId: "label-2" });
    expect(third).toMatchObject({ keptAsIs: [rel], kept: [] });
    expect(readFileSync(join(ws, rel), "utf8")).toBe(withEdits(second));
  });

  it("puts the person's file back when the transfer fails", async () => {
    const rel = `${area}/fail/x_infer_labeled_by_J.jsonl`;
    const { ws, curated } = await curatedCopy(rel, [true, false]);
    remoteFile(env, rel, fileOf(labeled([false, false])));
    await expect(download(target, [rel], ws, { rsyncBinary: "false" })).rejects.toThrow();
    expect(readFileSync(join(ws, rel)).equals(curated)).toBe(true);
    expect(existsSync(auditPathFor(join(ws, rel)))).toBe(true);
  });
});

describe("a download onto a curated file, continued", () => {
  it("moves nothing when the host's copy is the curated file itself (uploaded earlier)", async () => {
    const rel = `${area}/up/x_infer_labeled_by_J.jsonl`;
    const { ws, curated } = await curatedCopy(rel, [true, false]);
    await upload(target, [rel], ws);
    const result = await download(target, [rel], ws);
    expect(result).toMatchObject({ keptAsIs: [rel], kept: [] });
    expect(readFileSync(join(ws, rel)).equals(curated)).toBe(true);
    expect(await new AuditTrail(join(ws, rel)).all()).toHaveLength(2);
  });

  it("says where the person's version is when the transfer fails after the new file landed", async () => {
    const rel = `${area}/landed/x_infer_labeled_by_J.jsonl`;
    const { ws, curated } = await curatedCopy(rel, [true, false]);
    const next = fileOf(labeled([false, false]));
    remoteFile(env, rel, next);
    // rsync that copies and then fails, as a dropped connection after the last byte would.
    const bin = join(ws, "rsync-then-fail");
    writeFileSync(bin, '#!/bin/sh\nrsync "$@"\nexit 12\n', { mode: 0o755 });
    const err = await download(target, [rel], ws, { rsyncBinary: bin }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    const keptPath = /is kept as (\S+\.jsonl)/.exec((err as Error).message)?.[1];
    expect(keptPath?.startsWith(`${KEPT_DIR}/`)).toBe(true);
    expect(readFileSync(join(ws, keptPath!)).equals(curated)).toBe(true);
    expect(await new AuditTrail(join(ws, keptPath!)).all()).toHaveLength(2);
    expect(readFileSync(join(ws, rel), "utf8")).toBe(next);
  });
});

describe("following a rerun's file onto a curated copy", () => {
  it("waits for the host's file before judging the local copy, then keeps it aside", async () => {
    const rel = `${area}/follow/gsm_debate_infer_labeled_by_Judge-7B.jsonl`;
    const { ws, curated } = await curatedCopy(rel, [true, false, true]);
    // The rerun removes the file first and writes it again (longer) only after the follower has
    // looked once and found nothing.
    rmSync(join(env.checkout, rel));
    const rerun = labeled([false, false, true, true, false, true, true]);
    let checks = 0;
    const result = await new FileFollower({
      target,
      remotePath: rel,
      localRoot: ws,
      jobId: "label-3",
      intervalMs: 50,
      isDone: () => {
        checks++;
        if (checks === 2) remoteFile(env, rel, fileOf(rerun));
        return Promise.resolve(checks >= 3);
      },
    }).run();
    expect(checks).toBeGreaterThanOrEqual(3);
    expectCarried(ws, rel, result, curated, rerun);
  });

  it("leaves the curated copy alone while the host still has the file it came from", async () => {
    const rel = `${area}/follow-stay/gsm_debate_infer_labeled_by_Judge-7B.jsonl`;
    const { ws, curated } = await curatedCopy(rel, [true, false, true]);
    const rerun = labeled([false, false, true, true, false, true, true]);
    let checks = 0;
    let beforeRerun: Buffer | undefined;
    const result = await new FileFollower({
      target,
      remotePath: rel,
      localRoot: ws,
      jobId: "label-4",
      intervalMs: 50,
      isDone: () => {
        checks++;
        // Two looks at the unchanged host file have passed: the rerun rewrites it now.
        if (checks === 3) {
          beforeRerun = readFileSync(join(ws, rel));
          remoteFile(env, rel, fileOf(rerun));
        }
        return Promise.resolve(checks >= 5);
      },
    }).run();
    expect(beforeRerun?.equals(curated)).toBe(true);
    expectCarried(ws, rel, result, curated, rerun);
  });

  it("puts the curated copy back when it is stopped", async () => {
    const rel = `${area}/follow-stop/gsm_debate_infer_labeled_by_Judge-7B.jsonl`;
    const { ws, curated } = await curatedCopy(rel, [true, false, true]);
    remoteFile(env, rel, fileOf(labeled([false, false, true, true])));
    let checks = 0;
    let keptWhileFollowing = false;
    const follower: FileFollower = new FileFollower({
      target,
      remotePath: rel,
      localRoot: ws,
      intervalMs: 50,
      isDone: () => {
        checks++;
        if (checks === 2) {
          keptWhileFollowing = existsSync(join(ws, KEPT_DIR));
          follower.stop();
        }
        return Promise.resolve(false);
      },
    });
    expect(await follower.run()).toBeUndefined();
    expect(keptWhileFollowing).toBe(true);
    expect(readFileSync(join(ws, rel)).equals(curated)).toBe(true);
    expect(await new AuditTrail(join(ws, rel)).all()).toHaveLength(2);
  });
});
