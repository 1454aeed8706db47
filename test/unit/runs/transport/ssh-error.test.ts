import { describe, expect, it } from "vitest";
import {
  classifySshFailure,
  missingCommand,
} from "../../../../extension/src/runs/transport/ssh-error";
import { parseSshDestination } from "../../../../extension/src/runs/transport/ssh-transport";

// Messages as OpenSSH 9.2 prints them.
const CASES: [string, string][] = [
  [
    "No ED25519 host key is known for [127.0.0.1]:2222 and you have requested strict checking.\r\nHost key verification failed.\r\n",
    "host-key-unknown",
  ],
  [
    "@@@@@@@@@@@\r\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\r\nHost key verification failed.\r\n",
    "host-key-mismatch",
  ],
  ["agentark-test@127.0.0.1: Permission denied (publickey).\r\n", "auth-failed"],
  ["ssh: connect to host 127.0.0.1 port 1: Connection refused\r\n", "unreachable"],
  ["ssh: Could not resolve hostname gpu-box: Name or service not known\r\n", "unreachable"],
  [
    "Shared connection to 127.0.0.1 closed.\r\nmux_client_request_session: read from master failed: Broken pipe\r\n",
    "connection-lost",
  ],
];

describe("classifySshFailure", () => {
  it.each(CASES)("%j → %s", (stderr, kind) => {
    expect(classifySshFailure("gpu-box", 255, stderr)?.kind).toBe(kind);
  });

  it("leaves a remote command's own 255 and other codes alone", () => {
    expect(classifySshFailure("gpu-box", 255, "my script failed\n")).toBeUndefined();
    expect(classifySshFailure("gpu-box", 1, "Permission denied (publickey)")).toBeUndefined();
  });

  it("names a missing remote command", () => {
    expect(
      missingCommand("h", { code: 127, stderr: "bash: line 1: nvidia-smi: command not found\n" })
        ?.kind,
    ).toBe("remote-command-missing");
    expect(missingCommand("h", { code: 1, stderr: "" })).toBeUndefined();
  });
});

describe("parseSshDestination", () => {
  it("reads aliases and user@host:port", () => {
    expect(parseSshDestination("gpu-box")).toEqual({ destination: "gpu-box" });
    expect(parseSshDestination("me@10.0.0.2:2222")).toEqual({
      destination: "me@10.0.0.2",
      port: 2222,
    });
    expect(parseSshDestination("::1")).toEqual({ destination: "::1" });
  });

  it("refuses what ssh would read as an option", () => {
    expect(() => parseSshDestination("-oProxyCommand=touch x")).toThrow(/not an ssh destination/);
    expect(() => parseSshDestination("a b")).toThrow();
  });
});
