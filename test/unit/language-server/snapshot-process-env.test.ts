import { execFileSync } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { snapshotProcessEnv } from "../../../language-server/src/snapshot-process-env";

// The server swaps process.env for a plain copy (the yaml parser reads it once per token). What the
// swap must keep: every variable, and what a child process inherits.

let original: NodeJS.ProcessEnv;
beforeEach(() => {
  original = process.env;
});
afterEach(() => {
  process.env = original;
});

describe("snapshotProcessEnv", () => {
  it("keeps every variable and makes process.env a plain object", () => {
    const before = { ...process.env };
    snapshotProcessEnv();
    expect(process.env).not.toBe(original);
    expect(Object.getPrototypeOf(process.env)).toBe(Object.prototype);
    expect({ ...process.env }).toEqual(before);
  });

  it("a child process spawned afterwards inherits the copy, including later changes", () => {
    snapshotProcessEnv();
    process.env.AGENTARK_SNAPSHOT_TEST = "inherited";
    const seen = execFileSync(
      process.execPath,
      ["-e", "process.stdout.write(process.env.AGENTARK_SNAPSHOT_TEST ?? 'missing')"],
      { encoding: "utf8" },
    );
    expect(seen).toBe("inherited");
    expect(original.AGENTARK_SNAPSHOT_TEST).toBeUndefined();
  });
});
