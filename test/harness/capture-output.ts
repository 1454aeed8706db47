import { vi } from "vitest";

/** Runs `fn` with what it writes to process.stdout and process.stderr captured, not shown. */
export async function captureOutput<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    stdout += Buffer.from(chunk).toString("utf8");
    return true;
  });
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr += Buffer.from(chunk).toString("utf8");
    return true;
  });
  try {
    return { result: await fn(), stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}
