// The system OpenSSH client, so users' ~/.ssh/config, agents, ProxyJump and keys behave as in
// their terminal. One multiplexed connection per host (ControlMaster) keeps a round trip at the
// cost of a local socket hop; host-key checking is whatever the user's config says.
import { mkdirSync, statSync, chmodSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { classifySshFailure, SshError } from "./ssh-error";
import { spawnCollect } from "./spawn-collect";
import type { ExecOptions, ExecResult, Transport } from "./transport";

export interface SshTransportOptions {
  /** The host's name in the run file. */
  readonly hostName: string;
  /** An alias from the ssh config, or `user@host[:port]`. */
  readonly ssh: string;
  /** `-F`: an ssh config other than ~/.ssh/config (tests use their own). */
  readonly configFile?: string;
  /** Seconds the shared connection outlives its last use. */
  readonly controlPersist?: number;
  /** Folder for control sockets; must be private. Defaults to `$TMPDIR/aas-<uid>`. */
  readonly controlDir?: string;
  /** The ssh client binary. */
  readonly sshBinary?: string;
}

export interface SshDestination {
  readonly destination: string;
  readonly port?: number;
}

/** `user@host:port` → destination and port; an alias stays as it is. */
export function parseSshDestination(ssh: string): SshDestination {
  const value = ssh.trim();
  // A leading dash would be read as an ssh option (`-oProxyCommand=…`).
  if (!value || value.startsWith("-") || /[\s\0]/.test(value))
    throw new Error(`not an ssh destination: ${JSON.stringify(ssh)}`);
  const m = /^(.*):(\d{1,5})$/.exec(value);
  if (m?.[1] && !m[1].includes(":")) return { destination: m[1], port: Number(m[2]) };
  return { destination: value };
}

export class SshTransport implements Transport {
  readonly hostName: string;
  private readonly target: SshDestination;
  private readonly binary: string;
  private readonly baseArgs: readonly string[];

  constructor(private readonly options: SshTransportOptions) {
    this.hostName = options.hostName;
    this.target = parseSshDestination(options.ssh);
    this.binary = options.sshBinary ?? "ssh";
    const controlDir = privateControlDir(options.controlDir);
    this.baseArgs = [
      ...(options.configFile ? ["-F", options.configFile] : []),
      ...(this.target.port ? ["-p", String(this.target.port)] : []),
      // Nobody can answer a password or host-key prompt from inside the editor.
      "-o",
      "BatchMode=yes",
      "-o",
      "ControlMaster=auto",
      "-o",
      // %C hashes host, port and user: short enough for the 104-byte socket path limit.
      `ControlPath=${join(controlDir, "%C")}`,
      "-o",
      `ControlPersist=${options.controlPersist ?? 600}`,
      "-o",
      "ServerAliveInterval=15",
      "-o",
      "ServerAliveCountMax=3",
      "-T",
    ];
  }

  async exec(remoteCommand: string, options: ExecOptions = {}): Promise<ExecResult> {
    // `--` before the destination also ends option parsing after it (ssh re-parses otherwise).
    const args = [...this.baseArgs, "--", this.target.destination, remoteCommand];
    const { signal, ...result } = await spawnCollect(this.binary, args, options);
    // A client killed under us (not by our abort) is a dropped connection, not the command's end.
    if (signal && !options.signal?.aborted)
      throw new SshError("connection-lost", this.hostName, `ssh client killed by ${signal}`);
    const failure = classifySshFailure(this.hostName, result.code, result.stderr);
    if (failure) throw failure;
    return result;
  }

  /** The destination ssh is given (an alias or `user@host`), for `rsync <destination>:<path>`. */
  get destination(): string {
    return this.target.destination;
  }

  /**
   * The ssh client line for `rsync -e`: the same options and control socket as `exec`, so rsync
   * rides the shared connection. rsync splits this string on spaces and honours quotes but not
   * backslashes, so a word with a single quote cannot be expressed and is refused.
   */
  rsyncShell(): string {
    return [this.binary, ...this.baseArgs].map(rsyncShellWord).join(" ");
  }

  /** The pid of the shared connection's master process, if one is up. */
  async masterPid(): Promise<number | undefined> {
    const r = await this.control("check");
    const m = /pid=(\d+)/.exec(r.stderr);
    return r.code === 0 && m ? Number(m[1]) : undefined;
  }

  async disconnect(): Promise<void> {
    await this.control("exit");
  }

  private control(command: "check" | "exit"): Promise<ExecResult> {
    return spawnCollect(
      this.binary,
      [...this.baseArgs, "-O", command, "--", this.target.destination],
      {},
    );
  }
}

function rsyncShellWord(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  if (/['\0\n]/.test(word)) throw new Error(`cannot pass ${JSON.stringify(word)} to rsync -e`);
  return `'${word}'`;
}

function privateControlDir(requested: string | undefined): string {
  const dir = requested ?? join(tmpdir(), `aas-${userInfo().uid}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = statSync(dir);
  // Anyone who can reach the socket can run commands as us on every multiplexed host.
  if (st.uid !== userInfo().uid) throw new Error(`${dir} belongs to another user`);
  if ((st.mode & 0o077) !== 0) chmodSync(dir, 0o700);
  return dir;
}
