// The one interface the job layer talks to: a host that runs a command line in its login shell.
// `SshTransport` reaches it through the system OpenSSH client; `LocalTransport` is this machine.

export interface ExecOptions {
  /** Bytes fed to the command's stdin (scripts and secrets travel here, never in argv). */
  readonly stdin?: string | Buffer;
  readonly onStdout?: (chunk: Buffer) => void;
  readonly onStderr?: (chunk: Buffer) => void;
  /** Aborting kills the local client process (the ssh client, or the local bash). */
  readonly signal?: AbortSignal;
}

export interface ExecResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Transport {
  /** The host's name in the run file (`local` for this machine). */
  readonly hostName: string;
  /**
   * Runs `remoteCommand` through the host's shell. Resolves with the command's exit status;
   * rejects with an `SshError` when the connection itself failed.
   */
  exec(remoteCommand: string, options?: ExecOptions): Promise<ExecResult>;
  /** Drops any shared connection; the next `exec` reconnects. */
  disconnect(): Promise<void>;
}

/** Runs a bash script on the host, sent on stdin so nothing in it shows in a process list. */
export function runScript(
  transport: Transport,
  script: string,
  options: Omit<ExecOptions, "stdin"> = {},
): Promise<ExecResult> {
  return transport.exec("bash -s", { ...options, stdin: script });
}
