// A rerun's results coming down over the loopback sshd (real rsync) onto a file a person curated
// in the workspace: the person's version is kept, their work carried onto the new file, and an
// unchanged host copy moves nothing.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
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
import { download, type SyncTarget } from "../../extension/src/runs/sync/rsync-sync";
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

function withEdits(lines: readonly string[]): string {
  const out: Buffer[] = lines.map((l) => Buffer.from(l));
  for (const e of EDITS) out[e.line] = rewriteLine(out[e.line]!, e).text;
  return fileOf(out.map((b) => b.toString()));
}

describe("a download onto a curated file", () => {
  it("keeps the person's version, carries their work, and moves nothing while the host's copy is the same", async () => {
    const rel = `${area}/dl/gsm_debate_infer_labeled_by_Judge-7B.jsonl`;
    const ws = mkdtempSync(join(tmpdir(), "aas-keep-"));
    const first = labeled([true, false, true]);
    remoteFile(env, rel, fileOf(first));
    await download(target, [rel], ws, { jobId: "label-1" });
    await curate(join(ws, rel));
    const curated = readFileSync(join(ws, rel));
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
    const ws = mkdtempSync(join(tmpdir(), "aas-keep-fail-"));
    remoteFile(env, rel, fileOf(labeled([true, false])));
    await download(target, [rel], ws);
    await curate(join(ws, rel));
    const curated = readFileSync(join(ws, rel));
    remoteFile(env, rel, fileOf(labeled([false, false])));
    await expect(download(target, [rel], ws, { rsyncBinary: "false" })).rejects.toThrow();
    expect(readFileSync(join(ws, rel)).equals(curated)).toBe(true);
    expect(existsSync(auditPathFor(join(ws, rel)))).toBe(true);
  });
});

describe("following a rerun's file onto a curated copy", () => {
  it("waits for the host's file before judging the local copy, then keeps it aside", async () => {
    const rel = `${area}/follow/gsm_debate_infer_labeled_by_Judge-7B.jsonl`;
    const ws = mkdtempSync(join(tmpdir(), "aas-keep-follow-"));
    const old = labeled([true, false, true]);
    remoteFile(env, rel, fileOf(old));
    await download(target, [rel], ws);
    await curate(join(ws, rel));
    const curated = readFileSync(join(ws, rel));
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
    expect(result?.kept).toHaveLength(1);
    expect(readFileSync(join(ws, result!.kept[0]!.keptPath)).equals(curated)).toBe(true);
    expect(readFileSync(join(ws, rel), "utf8")).toBe(withEdits(rerun));
    expect(result!.kept[0]!.carried).toEqual({
      rows: 1,
      edits: 2,
      judgeChanges: 1,
      notCarried: 0,
    });
  });
});
