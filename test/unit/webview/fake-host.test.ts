import { describe, expect, it } from "vitest";
import { EMPTY_FILTER, FromWebview, ToWebview } from "../../../schemas/src/webview-protocol";
import { FakeHost } from "../../../webview/src/host/fake-host";

/** The fake host speaks the protocol: every message it sends parses as `ToWebview`. */
async function talk(host: FakeHost, messages: FromWebview[]): Promise<ToWebview[]> {
  const got: ToWebview[] = [];
  host.onMessage((m) => got.push(m));
  for (const m of messages) {
    expect(FromWebview.safeParse(m).success).toBe(true);
    host.post(m);
  }
  await new Promise((r) => setTimeout(r, 20));
  for (const m of got) {
    const parsed = ToWebview.safeParse(m);
    if (!parsed.success) throw new Error(`${m.type}: ${JSON.stringify(parsed.error.issues)}`);
  }
  return got;
}

describe("FakeHost", () => {
  it("answers ready, query, pages and records", async () => {
    const host = new FakeHost({ count: 50, shape: { agents: 2, rounds: 2, steps: 3 } });
    const got = await talk(host, [
      { type: "ready" },
      { type: "query", queryId: 1, filter: EMPTY_FILTER },
      { type: "requestPage", queryId: 1, start: 40, count: 20 },
      { type: "requestRecord", line: 3 },
    ]);
    expect(got.map((m) => m.type)).toEqual(["init", "queryResult", "page", "record"]);
    const page = got[2];
    expect(page?.type === "page" && page.items.map((i) => i.line)).toEqual(
      Array.from({ length: 10 }, (_, i) => 40 + i),
    );
  });

  it("applies, undoes and redoes edits, re-sending the record", async () => {
    const host = new FakeHost({ count: 5, shape: { agents: 2, rounds: 0, steps: 3 } });
    const edit = {
      type: "set-step-label" as const,
      line: 2,
      solutionId: 1,
      step: 0,
      value: -1 as const,
    };
    const before = host.record(2).solutions[0]!.steps[0]!.label;
    const got = await talk(host, [
      { type: "applyEdit", editId: 1, edit },
      { type: "undo" },
      { type: "redo" },
    ]);
    expect(got.map((m) => m.type)).toEqual([
      "editApplied",
      "record",
      "summaries",
      "editUndone",
      "record",
      "summaries",
      "editRedone",
      "record",
      "summaries",
    ]);
    const labels = got
      .filter((m) => m.type === "record")
      .map((m) => m.record.solutions[0]!.steps[0]!.label);
    expect(labels).toEqual([-1, before, -1]);
  });

  it("filters, finds the next record needing labels, and computes stats", async () => {
    const host = new FakeHost({ count: 200, shape: { agents: 3, rounds: 2, steps: 2 } });
    const got = await talk(host, [
      { type: "query", queryId: 1, filter: { ...EMPTY_FILTER, errorsOnly: true } },
      { type: "findNext", requestId: 1, queryId: 1, from: -1, direction: 1 },
      { type: "requestStats", requestId: 1, filter: EMPTY_FILTER },
    ]);
    const result = got[0];
    expect(result?.type === "queryResult" && result.total).toBeGreaterThan(0);
    expect(result?.type === "queryResult" && result.total).toBeLessThan(200);
    expect(got[1]?.type).toBe("found");
    const stats = got[2];
    expect(stats?.type === "stats" && stats.stats.records).toBe(200);
    expect(stats?.type === "stats" && stats.stats.perAgent.map((a) => a.agent)).toEqual([
      "agent 1",
      "agent 2",
      "agent 3",
    ]);
  });

  it("rejects malformed webview messages at the schema", () => {
    expect(
      FromWebview.safeParse({ type: "requestPage", queryId: 1, start: -1, count: 10 }).success,
    ).toBe(false);
    expect(
      FromWebview.safeParse({ type: "requestPage", queryId: 1, start: 0, count: 100_000 }).success,
    ).toBe(false);
    expect(
      FromWebview.safeParse({ type: "applyEdit", editId: 1, edit: { type: "rm -rf" } }).success,
    ).toBe(false);
    expect(ToWebview.safeParse({ type: "record", record: { line: 1 } }).success).toBe(false);
  });
});
