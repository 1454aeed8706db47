// The OpenSSH transport against the loopback sshd: multiplexing, quoting that runs nothing, and
// the typed errors for host keys, authentication, reachability and missing commands.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JobHost } from "../../extension/src/runs/jobs/job-host";
import { newJobId } from "../../extension/src/runs/jobs/job-id";
import { SshError, missingCommand } from "../../extension/src/runs/transport/ssh-error";
import { shellJoin } from "../../extension/src/runs/transport/shell-quote";
import type { SshTransport } from "../../extension/src/runs/transport/ssh-transport";
import { hostileCorpus } from "../unit/runs/transport/hostile-corpus";
import { waitForStatus } from "./job-helpers";
import { remoteEnv, testTransport, type RemoteEnv } from "./remote-env";

let env: RemoteEnv;
let transport: SshTransport;
const scratch = mkdtempSync(join(tmpdir(), "aas-ssh-"));

beforeAll(() => {
  env = remoteEnv();
  transport = testTransport(env);
});
afterAll(() => transport.disconnect());

/** A copy of the test ssh_config with some lines replaced. */
function configWith(name: string, replace: (text: string) => string): string {
  const path = join(scratch, name);
  writeFileSync(path, replace(readFileSync(env.sshConfig, "utf8")));
  return path;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

async function expectSshError(t: SshTransport, kind: SshError["kind"]): Promise<SshError> {
  const error = await t.exec("true").then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SshError);
  expect((error as SshError).kind).toBe(kind);
  return error as SshError;
}

describe("ssh transport", () => {
  it("runs commands over one multiplexed connection with exit codes and streams", async () => {
    const r = await transport.exec("echo out; echo err >&2; exit 7");
    expect(r).toEqual({ code: 7, stdout: "out\n", stderr: "err\n" });
    const master = await transport.masterPid();
    expect(master).toBeGreaterThan(0);
    const chunks: string[] = [];
    const s = await transport.exec("cat; echo done", {
      stdin: "from stdin\n",
      onStdout: (b) => chunks.push(b.toString()),
    });
    expect(s.code).toBe(0);
    expect(chunks.join("")).toBe("from stdin\ndone\n");
    expect(await transport.masterPid()).toBe(master);
  });

  it("passes the hostile corpus through the remote shell unchanged and runs none of it", async () => {
    const canary = join("/tmp", `aas-canary-${process.pid}`);
    const corpus = hostileCorpus(canary);
    const r = await transport.exec(`printf '%s\\0' ${shellJoin(corpus)}`);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\0").slice(0, -1)).toEqual(corpus);

    // The same values as a job's arguments, working directory and environment.
    const host = new JobHost(transport);
    const weird = `dir ';$(touch ${canary})'`;
    execFileSync("su", [env.user, "-c", shellJoin(["mkdir", "-p", join(env.checkout, weird)])]);
    const id = newJobId("hostile");
    await host.start({
      id,
      argv: [
        "python3",
        "-c",
        "import json,sys,os; print(json.dumps([sys.argv[1:], os.getcwd(), os.environ['HOSTILE']]))",
        ...corpus,
      ],
      cwd: `~/AgentArk/${weird}`,
      env: { HOSTILE: corpus.join("|") },
    });
    const state = await waitForStatus(host, id);
    expect(state.status).toBe("succeeded");
    const printed = JSON.parse((await host.readLog(id)).toString()) as [string[], string, string];
    expect(printed).toEqual([corpus, join(env.checkout, weird), corpus.join("|")]);
    expect(existsSync(canary)).toBe(false);
  });

  it("reports a changed host key as a mismatch, never connecting", async () => {
    const wrong = join(scratch, "wrong_known_hosts");
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", join(scratch, "other")]);
    const otherKey = readFileSync(join(scratch, "other.pub"), "utf8")
      .split(" ")
      .slice(0, 2)
      .join(" ");
    writeFileSync(wrong, `[127.0.0.1]:${env.port} ${otherKey}\n`);
    const config = configWith("mismatch", (t) => t.replace(env.knownHosts, wrong));
    const error = await expectSshError(
      testTransport(env, { configFile: config }),
      "host-key-mismatch",
    );
    expect(error.message).toMatch(/differs from the one in known_hosts/);
  });

  it("reports an unknown host key", async () => {
    const empty = join(scratch, "empty_known_hosts");
    writeFileSync(empty, "");
    const config = configWith("unknown", (t) => t.replace(env.knownHosts, empty));
    await expectSshError(testTransport(env, { configFile: config }), "host-key-unknown");
  });

  it("reports failed authentication", async () => {
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", join(scratch, "stranger")]);
    const config = configWith("auth", (t) =>
      t.replace(/IdentityFile .*/, `IdentityFile ${join(scratch, "stranger")}`),
    );
    await expectSshError(testTransport(env, { configFile: config }), "auth-failed");
  });

  it("reports an unreachable host", async () => {
    const port = await freePort();
    const config = configWith("unreachable", (t) => t.replace(/Port \d+/, `Port ${port}`));
    await expectSshError(testTransport(env, { configFile: config }), "unreachable");
  });

  it("accepts user@host:port and reports a missing remote command", async () => {
    const config = configWith("plain", (t) =>
      t.replace(/^Host agentark-test$/m, "Host 127.0.0.1").replace(/Port \d+/, ""),
    );
    const direct = testTransport(env, {
      configFile: config,
      ssh: `${env.user}@127.0.0.1:${env.port}`,
    });
    expect((await direct.exec("whoami")).stdout).toBe(`${env.user}\n`);
    const r = await direct.exec("agentark-no-such-command --flag");
    expect(missingCommand("loopback", r)?.kind).toBe("remote-command-missing");
    await direct.disconnect();
  });
});
