// The built-in `local` host: the same interface as SSH, with bash on this machine as the shell.
import { spawnCollect } from "./spawn-collect";
import type { ExecOptions, ExecResult, Transport } from "./transport";

export class LocalTransport implements Transport {
  readonly hostName = "local";

  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    const { signal: _signal, ...result } = await spawnCollect("bash", ["-c", command], options);
    return result;
  }

  disconnect(): Promise<void> {
    return Promise.resolve();
  }
}
