// Follows a job's log across dropped connections. The offset counts bytes that reached the
// caller, so after a reconnect the stream restarts exactly there: bytes lost in flight are sent
// again, and nothing already delivered is sent twice.
import { SshError } from "../transport/ssh-error";
import { runScript, type Transport } from "../transport/transport";
import { buildFollowScript } from "./control-scripts";
import { DEFAULT_JOBS_ROOT } from "./job-spec";

export interface LogFollowerOptions {
  readonly jobId: string;
  /** Bytes already delivered (0 for a new view; the saved offset after a restart). */
  readonly offset?: number;
  readonly jobsRoot?: string;
  readonly onData: (chunk: Buffer, offsetAfter: number) => void;
  /** Called when a connection drop is noticed, before the reconnect. */
  readonly onReconnect?: (error: unknown, attempt: number) => void;
  /** Give up when the host stays unreachable this long (ms). */
  readonly reconnectFor?: number;
}

const RETRYABLE = new Set(["connection-lost", "unreachable"]);

export class LogFollower {
  private offsetValue: number;
  private readonly abort = new AbortController();

  constructor(
    private readonly transport: Transport,
    private readonly options: LogFollowerOptions,
  ) {
    this.offsetValue = options.offset ?? 0;
  }

  get offset(): number {
    return this.offsetValue;
  }

  /** Stops following; the job is not touched. */
  stop(): void {
    this.abort.abort();
  }

  /** Resolves with the final offset when the job has ended and its log is read, or on `stop()`. */
  async run(): Promise<number> {
    let attempt = 0;
    let failingSince: number | undefined;
    while (!this.abort.signal.aborted) {
      const before = this.offsetValue;
      try {
        const result = await runScript(
          this.transport,
          buildFollowScript(
            this.options.jobId,
            this.offsetValue,
            this.options.jobsRoot ?? DEFAULT_JOBS_ROOT,
          ),
          { onStdout: (b) => this.deliver(b), signal: this.abort.signal },
        );
        if (this.abort.signal.aborted || result.code === 0) return this.offsetValue;
        if (result.code === 3)
          throw new Error(`job ${this.options.jobId}: no such job on ${this.transport.hostName}`);
        // tail itself never exits 255; an unclassified 255 is still the link going away.
        if (result.code !== 255)
          throw new Error(`following the log failed (${result.code}): ${result.stderr.trim()}`);
        await this.backoff(new Error(result.stderr), ++attempt);
      } catch (error) {
        if (this.abort.signal.aborted) return this.offsetValue;
        if (!(error instanceof SshError) || !RETRYABLE.has(error.kind)) throw error;
        if (this.offsetValue > before) {
          attempt = 0;
          failingSince = undefined;
        }
        failingSince ??= Date.now();
        if (Date.now() - failingSince > (this.options.reconnectFor ?? 300_000)) throw error;
        await this.backoff(error, ++attempt);
        continue;
      }
      failingSince = undefined;
    }
    return this.offsetValue;
  }

  private deliver(chunk: Buffer): void {
    this.offsetValue += chunk.length;
    this.options.onData(chunk, this.offsetValue);
  }

  private async backoff(error: unknown, attempt: number): Promise<void> {
    this.options.onReconnect?.(error, attempt);
    const ms = Math.min(2000, 50 * 2 ** Math.min(attempt, 6));
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      this.abort.signal.addEventListener("abort", () => (clearTimeout(t), resolve()), {
        once: true,
      });
    });
  }
}
