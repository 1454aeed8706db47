import { describe, expect, it } from "vitest";
import {
  filesFromList,
  safeRelative,
  validateSyncPath,
} from "../../../../extension/src/runs/sync/sync-paths";
import {
  buildRsyncArgs,
  literalBytes,
  PARTIAL_DIR,
} from "../../../../extension/src/runs/sync/rsync-args";
import { completeLines } from "../../../../extension/src/runs/sync/follow-file";
import { SshTransport } from "../../../../extension/src/runs/transport/ssh-transport";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

describe("sync paths", () => {
  it("normalises checkout-relative paths", () => {
    expect(validateSyncPath("results/./QMSum//x.jsonl")).toBe("results/QMSum/x.jsonl");
    expect(validateSyncPath("./a")).toBe("a");
  });

  it("refuses paths that leave the root, name nothing, or hold NUL", () => {
    expect(() => validateSyncPath("../x")).toThrow(/leaves the checkout/);
    expect(() => validateSyncPath("a/../../x")).toThrow(/leaves the checkout/);
    expect(() => validateSyncPath("/etc/passwd")).toThrow(/not absolute/);
    expect(() => validateSyncPath("~/x")).toThrow(/not absolute/);
    expect(() => validateSyncPath("")).toThrow(/names no file/);
    expect(() => validateSyncPath("./")).toThrow(/names no file/);
    expect(() => validateSyncPath("results/")).toThrow(/names a folder/);
    expect(() => validateSyncPath("a\0b")).toThrow(/NUL/);
  });

  it("prefixes a leading dash with ./ so nothing reads it as an option", () => {
    expect(safeRelative("-rf")).toBe("./-rf");
    expect(safeRelative("--files-from=/etc/passwd")).toBe("./--files-from=/etc/passwd");
    expect(safeRelative("a/-b")).toBe("a/-b");
  });

  it("lists paths NUL-separated for --from0, newlines and all", () => {
    expect(filesFromList(["a\nb", "-x", "c d"]).toString("utf8")).toBe("a\nb\0./-x\0c d\0");
  });
});

describe("rsync arguments", () => {
  it("keeps paths out of argv and ends options before the roots", () => {
    const args = buildRsyncArgs({
      shell: "ssh -F /c",
      source: "host:/home/u/AgentArk",
      destination: "/ws",
      append: false,
    });
    expect(args).toEqual([
      "-s",
      "-t",
      "--no-whole-file",
      `--partial-dir=${PARTIAL_DIR}`,
      "--files-from=-",
      "--from0",
      "--stats",
      "-e",
      "ssh -F /c",
      "--",
      "host:/home/u/AgentArk/",
      "/ws/",
    ]);
  });

  it("appends with a whole-file check only when asked", () => {
    const args = buildRsyncArgs({ source: "/a/", destination: "/b", append: true, bwlimitKiB: 64 });
    expect(args).toContain("--append-verify");
    expect(args).toContain("--partial");
    expect(args).toContain("--bwlimit=64");
    expect(args.some((a) => a.startsWith("--partial-dir"))).toBe(false);
    expect(args).not.toContain("-e");
  });

  it("rewrites the receiver's file in place when asked, instead of a partial dir and a rename", () => {
    const args = buildRsyncArgs({ source: "/a/", destination: "/b", append: false, inPlace: true });
    expect(args).toContain("--inplace");
    expect(args.some((a) => a.startsWith("--partial"))).toBe(false);
  });

  it("reads the literal bytes from --stats", () => {
    expect(literalBytes("Literal data: 1,234,567 bytes\nMatched data: 0 bytes")).toBe(1234567);
    expect(literalBytes("nothing")).toBeUndefined();
  });

  it("gives rsync -e the transport's ssh line with the control socket", () => {
    const controlDir = mkdtempSync(join(tmpdir(), "aas ctl-"));
    const t = new SshTransport({
      hostName: "gpu",
      ssh: "me@gpu-box:2200",
      configFile: "/etc/my ssh/config",
      controlDir,
    });
    const line = t.rsyncShell();
    expect(line).toMatch(/^ssh '-F' |^ssh -F /);
    expect(line).toContain("'/etc/my ssh/config'");
    expect(line).toContain(`'ControlPath=${join(controlDir, "%C")}'`);
    expect(line).toContain("-p 2200");
    expect(line).toContain("ControlMaster=auto");
    expect(t.destination).toBe("me@gpu-box");
    const bad = new SshTransport({ hostName: "x", ssh: "x", configFile: "/it's", controlDir });
    expect(() => bad.rsyncShell()).toThrow(/rsync -e/);
  });
});

describe("completeLines", () => {
  it("keeps everything up to the last newline", () => {
    const { complete, rest } = completeLines(Buffer.from('{"a":1}\n{"b":'));
    expect(complete.toString()).toBe('{"a":1}\n');
    expect(rest.toString()).toBe('{"b":');
    expect(completeLines(Buffer.from("no newline")).complete.length).toBe(0);
    expect(completeLines(Buffer.from("a\nb\n")).rest.length).toBe(0);
  });
});
