import { describe, expect, it } from "vitest";
import { classifyRsyncFailure } from "../../../../extension/src/runs/sync/sync-error";

describe("rsync failures in words", () => {
  it("tells the remote disk from the local one by direction and side", () => {
    const full = 'rsync: [receiver] write failed on "/w/big.bin": No space left on device (28)';
    expect(classifyRsyncFailure("gpu", "upload", 11, full)).toMatchObject({
      kind: "remote-disk-full",
      message: "the disk on gpu is full while writing /w/big.bin",
    });
    expect(classifyRsyncFailure("gpu", "download", 11, full)).toMatchObject({
      kind: "local-disk-full",
      message: "the local disk is full while writing /w/big.bin",
    });
  });

  it("names missing files and permission problems", () => {
    const missing =
      'rsync: [sender] link_stat "/h/AgentArk/x.jsonl" failed: No such file or directory (2)';
    expect(classifyRsyncFailure("gpu", "download", 23, missing)).toMatchObject({
      kind: "remote-missing",
      message: "no such file on gpu: /h/AgentArk/x.jsonl",
    });
    const denied = 'rsync: [sender] send_files failed to open "/h/a": Permission denied (13)';
    expect(classifyRsyncFailure("gpu", "download", 23, denied)).toMatchObject({
      kind: "permission-denied",
      message: "permission denied on gpu for /h/a",
    });
    const mk = 'rsync: [receiver] mkstemp "/h/.a.XyZ" failed: Permission denied (13)';
    expect(classifyRsyncFailure("gpu", "upload", 23, mk).message).toBe(
      "permission denied on gpu for /h/.a.XyZ",
    );
  });

  it("reports an interruption as resumable, and anything else with rsync's last words", () => {
    expect(
      classifyRsyncFailure(
        "gpu",
        "download",
        20,
        "rsync error: received SIGINT, SIGTERM, or SIGHUP (code 20)",
      ),
    ).toMatchObject({ kind: "interrupted" });
    expect(classifyRsyncFailure("gpu", "download", 0, "", true).kind).toBe("interrupted");
    expect(
      classifyRsyncFailure(
        "gpu",
        "download",
        12,
        "bash: line 1: rsync: command not found\nrsync: connection unexpectedly closed",
      ),
    ).toMatchObject({ kind: "rsync-missing" });
    expect(classifyRsyncFailure("gpu", "download", 5, "rsync: weird\n").message).toBe(
      "rsync from gpu failed (exit 5): rsync: weird",
    );
  });
});
