// Spawning a client process and collecting or streaming its output, shared by both transports.
import { spawn } from "node:child_process";
import type { ExecOptions, ExecResult } from "./transport";

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

/**
 * Runs `file args` and resolves with its status. Output given to a callback is not kept, so a
 * long `tail -f` holds no memory.
 */
export interface SpawnResult extends ExecResult {
  /** The signal that ended the client process, if one did. */
  readonly signal?: NodeJS.Signals;
}

export function spawnCollect(
  file: string,
  args: readonly string[],
  options: ExecOptions,
): Promise<SpawnResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      stdio: [options.stdin === undefined ? "ignore" : "pipe", "pipe", "pipe"],
      signal: options.signal,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on("data", (b: Buffer) => (options.onStdout ? options.onStdout(b) : out.push(b)));
    child.stderr?.on("data", (b: Buffer) => {
      err.push(b);
      options.onStderr?.(b);
    });
    child.on("error", (e: Error) => {
      // An abort is the caller stopping a stream on purpose; the close event reports it.
      if (e.name !== "AbortError") reject(e);
    });
    if (child.stdin) {
      // The remote side may exit before reading all of stdin; that is its answer, not ours.
      child.stdin.on("error", () => undefined);
      child.stdin.end(options.stdin);
    }
    child.on("close", (code, signal) => {
      resolve({
        code: code ?? 128 + (signal ? (SIGNALS[signal] ?? 1) : 1),
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        ...(signal ? { signal } : {}),
      });
    });
  });
}
