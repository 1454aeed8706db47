export interface WaitForOptions {
  timeout?: number;
  /** Pause between reads; the read itself is the condition, this only bounds its frequency. */
  interval?: number;
  message?: string;
}

/**
 * expect.poll-style wait: reads a value until `done` accepts it, or throws after `timeout` with
 * the last value read, so a failure shows what the UI actually showed.
 */
export async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  { timeout = 30_000, interval = 100, message = "condition" }: WaitForOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await read();
      lastError = undefined;
      if (done(last)) return last;
    } catch (err) {
      lastError = err; // The UI may be mid-render: read again until the deadline.
    }
    if (Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, interval));
  }
  const detail = lastError
    ? `last error: ${lastError instanceof Error ? lastError.message : JSON.stringify(lastError)}`
    : `last value: ${JSON.stringify(last)}`;
  throw new Error(`timed out after ${timeout} ms waiting for ${message}; ${detail}`);
}
