import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { deriveJobState } from "../../../../extension/src/runs/jobs/job-state";
import {
  buildStatusScript,
  parseStatusOutput,
} from "../../../../extension/src/runs/jobs/status-script";

describe("status JSON", () => {
  it("parses the script's output and derives each status", () => {
    const out = JSON.stringify([
      {
        id: "a",
        exists: true,
        pid: 10,
        pgid: 10,
        alive: false,
        exit_code: 0,
        started_at: "2026-11-23T07:00:00.000Z",
        ended_at: "2026-11-23T07:01:00.000Z",
        cancel_requested: false,
        log_size: 12,
        tail: "",
      },
      {
        id: "b",
        exists: true,
        pid: 11,
        pgid: 11,
        alive: true,
        exit_code: null,
        started_at: "2026-11-23T07:00:00.000Z",
        ended_at: null,
        cancel_requested: false,
        log_size: 5,
        tail: Buffer.from("Processing samples:  50%|█| 1/2").toString("base64"),
      },
      {
        id: "c",
        exists: true,
        pid: 12,
        pgid: 12,
        alive: false,
        exit_code: null,
        started_at: null,
        ended_at: null,
        cancel_requested: false,
        log_size: 0,
        tail: "",
      },
      {
        id: "d",
        exists: true,
        pid: 13,
        pgid: 13,
        alive: false,
        exit_code: 143,
        started_at: null,
        ended_at: null,
        cancel_requested: true,
        log_size: 0,
        tail: "",
      },
      { id: "e", exists: false },
      {
        id: "f",
        exists: true,
        pid: 14,
        pgid: 14,
        alive: false,
        exit_code: 2,
        started_at: null,
        ended_at: null,
        cancel_requested: false,
        log_size: 0,
        tail: "",
      },
    ]);
    const states = parseStatusOutput(out).map(deriveJobState);
    expect(states.map((s) => s.status)).toEqual([
      "succeeded",
      "running",
      "lost",
      "cancelled",
      "lost",
      "failed",
    ]);
    expect(states[1]?.logTail).toBe("Processing samples:  50%|█| 1/2");
    expect(states[2]?.reason).toMatch(/process 12 is gone/);
    expect(states[5]?.exitCode).toBe(2);
  });

  it("rejects output that is not the script's", () => {
    expect(() => parseStatusOutput("{}")).toThrow(/array/);
    expect(() => parseStatusOutput("[1]")).toThrow();
  });

  it("the script reports job directories as valid JSON, whatever the files hold", () => {
    const root = mkdtempSync(join(tmpdir(), "aas-status-"));
    const good = join(root, "good");
    mkdirSync(good);
    writeFileSync(join(good, "pid"), "999999\n");
    writeFileSync(join(good, "exit_code"), "1\n");
    writeFileSync(join(good, "log"), "hello\n");
    const bad = join(root, "bad");
    mkdirSync(bad);
    writeFileSync(join(bad, "pid"), '1"}]; rm -rf /\n');
    writeFileSync(join(bad, "started_at"), '"injected": true\n');
    const out = execFileSync("bash", ["-s"], {
      input: buildStatusScript(["good", "bad", "none"], root),
    });
    const states = parseStatusOutput(out.toString()).map(deriveJobState);
    expect(states.map((s) => [s.id, s.status])).toEqual([
      ["good", "failed"],
      ["bad", "lost"],
      ["none", "lost"],
    ]);
    expect(states[0]?.logSize).toBe(6);
    expect(states[1]?.pid).toBeUndefined();
    expect(states[1]?.startedAt).toBeUndefined();
  });

  it("refuses job ids that could escape the jobs folder", () => {
    expect(() => buildStatusScript(["../x"])).toThrow(/not a valid job id/);
    expect(() => buildStatusScript(["a b"])).toThrow();
  });
});
