import { isMainThread, Worker, workerData } from "node:worker_threads";

/**
 * Starts `script` as a worker thread with `job` as its workerData and resolves with the first
 * message it posts; the worker is ended then, or when `signal` aborts. `what` names the work in
 * errors.
 */
export function runInWorker<T>(
  script: string,
  job: unknown,
  what: string,
  signal?: AbortSignal,
): Promise<T> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error(`${what} aborted`));
    const worker = new Worker(script, { workerData: job });
    const abort = () => void worker.terminate().then(() => reject(new Error(`${what} aborted`)));
    signal?.addEventListener("abort", abort, { once: true });
    worker.once("message", (result: T) => {
      signal?.removeEventListener("abort", abort);
      resolve(result);
      void worker.terminate();
    });
    worker.once("error", (err) => {
      signal?.removeEventListener("abort", abort);
      reject(err);
    });
    worker.once("exit", (code) => {
      signal?.removeEventListener("abort", abort);
      if (code !== 0) reject(new Error(`${what} worker exited with ${code}`));
    });
  });
}

/**
 * In a worker thread started by runInWorker with a job `{ [key]: value }`, that value; otherwise
 * (the main thread, or a worker for other work) undefined.
 */
export function workerJob<T>(key: string): T | undefined {
  if (isMainThread || typeof workerData !== "object" || workerData === null) return undefined;
  return key in workerData ? ((workerData as Record<string, T>)[key] ?? undefined) : undefined;
}
