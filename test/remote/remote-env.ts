// What the loopback sshd (scripts/test-infra/sshd.sh) exposes to the tests, read from its `env`.
import { execFileSync } from "node:child_process";
import { chownSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { SshTransport } from "../../extension/src/runs/transport/ssh-transport";

export const repoRoot = resolve(__dirname, "..", "..");

export interface RemoteEnv {
  readonly sshConfig: string;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly home: string;
  readonly checkout: string;
  readonly knownHosts: string;
  readonly sshdPidFile: string;
}

export function remoteEnv(): RemoteEnv {
  const text = execFileSync("bash", ["scripts/test-infra/sshd.sh", "env"], {
    cwd: repoRoot,
    encoding: "utf8",
  });
  const vars = Object.fromEntries(
    [...text.matchAll(/^export (\w+)='([^']*)'$/gm)].map((m) => [m[1] ?? "", m[2] ?? ""]),
  );
  const get = (name: string): string => {
    const v = vars[name];
    if (!v) throw new Error(`sshd.sh env did not print ${name}`);
    return v;
  };
  return {
    sshConfig: get("AGENTARK_TEST_SSH_CONFIG"),
    host: get("AGENTARK_TEST_SSH_HOST"),
    port: Number(get("AGENTARK_TEST_SSH_PORT")),
    user: get("AGENTARK_TEST_SSH_USER"),
    home: get("AGENTARK_TEST_SSH_HOME"),
    checkout: get("AGENTARK_TEST_CHECKOUT"),
    knownHosts: get("AGENTARK_TEST_SSH_KNOWN_HOSTS"),
    sshdPidFile: get("AGENTARK_TEST_SSHD_PIDFILE"),
  };
}

/** A transport with its own control-socket folder, so each test owns its shared connection. */
export function testTransport(
  env: RemoteEnv,
  overrides: { configFile?: string; ssh?: string } = {},
): SshTransport {
  return new SshTransport({
    hostName: "loopback",
    ssh: overrides.ssh ?? env.host,
    configFile: overrides.configFile ?? env.sshConfig,
    controlDir: mkdtempSync(join(tmpdir(), "aas-t-")),
    controlPersist: 60,
  });
}

/** Polls `check` until it returns a value or the deadline passes: a wait on a condition, not a sleep. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * A run-file host entry for the loopback sshd's fixture checkout. AgentArk hosts run `python`
 * from a conda env; Debian only has `python3`, so the setup lines put a `python` on PATH.
 */
export function fixtureHost(
  env: RemoteEnv,
  name: string,
  options: { delay: string; extra?: readonly string[] },
): string {
  return [
    `  ${name}:`,
    `    ssh: ${env.host}`,
    `    agentark: ~/AgentArk`,
    ...(options.extra ?? []).map((line) => `    ${line}`),
    `    setup:`,
    `      - mkdir -p ~/.aas-bin && ln -sf /usr/bin/python3 ~/.aas-bin/python`,
    `      - export PATH="$HOME/.aas-bin:$PATH"`,
    `    env: {AGENTARK_FIXTURE_DELAY: "${options.delay}"}`,
  ].join("\n");
}

/** A file in the host's checkout, owned by the test user as a job would leave it. */
export function remoteFile(env: RemoteEnv, rel: string, content: Buffer | string): string {
  const { uid, gid } = statSync(env.checkout);
  const file = join(env.checkout, rel);
  let dir = dirname(file);
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, content);
  chownSync(file, uid, gid);
  while (dir.startsWith(env.checkout) && dir !== env.checkout) {
    chownSync(dir, uid, gid);
    dir = dirname(dir);
  }
  return file;
}
