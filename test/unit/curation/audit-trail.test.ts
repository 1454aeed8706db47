import { appendFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AuditEntry } from "../../../schemas/src/records";
import { AuditTrail, auditPathFor } from "../../../extension/src/curation/audit-trail";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "audit-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function entry(query: string, line: number, value: boolean): AuditEntry {
  return {
    time: "2026-02-03T04:05:06.000Z",
    author: "grace",
    source: "human",
    reason: "recomputed by hand",
    query,
    line,
    edit: { type: "set-correct", line, solutionId: 2, value },
    before: !value,
  };
}

describe("AuditTrail", () => {
  it("lives beside the results file and round-trips entries", async () => {
    const results = join(dir, "mad_infer_labeled_by_x.jsonl");
    const trail = new AuditTrail(results);
    expect(trail.path).toBe(auditPathFor(results));
    expect(trail.path.endsWith(".jsonl.audit.jsonl")).toBe(false);
    expect(trail.path.endsWith(".audit.jsonl")).toBe(true);
    expect(await trail.all()).toEqual([]);
    await trail.append([entry("q1", 0, true), entry("q2 — ünïcode", 1, false)]);
    await trail.append([entry("q1", 0, false)]);
    expect(await trail.all()).toEqual([
      entry("q1", 0, true),
      entry("q2 — ünïcode", 1, false),
      entry("q1", 0, false),
    ]);
    expect(await trail.entriesFor("q1")).toEqual([entry("q1", 0, true), entry("q1", 0, false)]);
    expect(await trail.entriesFor("q2 — ünïcode")).toHaveLength(1);
    // A second row with the same query has a history of its own.
    await trail.append([entry("q1", 5, true)]);
    expect(await trail.entriesFor("q1", 0)).toEqual([entry("q1", 0, true), entry("q1", 0, false)]);
    expect(await trail.entriesFor("q1", 5)).toEqual([entry("q1", 5, true)]);
  });

  it("tolerates a torn last line and starts the next append on a fresh line", async () => {
    const trail = new AuditTrail(join(dir, "r.jsonl"));
    await trail.append([entry("a", 0, true)]);
    await appendFile(trail.path, JSON.stringify(entry("torn", 1, true)).slice(0, 40));
    expect(await trail.all()).toEqual([entry("a", 0, true)]);
    await trail.append([entry("b", 2, false)]);
    expect((await trail.all()).map((e) => e.query)).toEqual(["a", "b"]);
    const text = await readFile(trail.path, "utf8");
    expect(text.split("\n")).toHaveLength(4);
  });

  it("skips lines that are not audit entries", async () => {
    const trail = new AuditTrail(join(dir, "r.jsonl"));
    await appendFile(trail.path, '{"hello": 1}\n\nnot json\n');
    await trail.append([entry("a", 0, true)]);
    expect(await trail.all()).toEqual([entry("a", 0, true)]);
  });
});
