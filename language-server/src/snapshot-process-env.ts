/**
 * Replaces `process.env` with a plain copy of itself, so reading it is an ordinary property read.
 *
 * Why: the `yaml` library (2.x, node build) checks `process.env.LOG_TOKENS` for every lexical
 * token and `process.env.LOG_STREAM` for every CST token it composes. `process.env` is backed by
 * the C++ environment, and each read goes through it: measured at about a quarter of the time
 * `parseAllDocuments` takes on a 19-line method config, paid on every keystroke that is validated.
 *
 * Safe for this process because the language server only reads the environment: it sets no
 * variables for native code, and a child process spawned later still inherits the copy (Node uses
 * `process.env` as the default `env`). One difference: on Windows the copy's keys are case-
 * sensitive (`PATH` is not `Path`); nothing in the server reads the environment after start-up.
 */
export function snapshotProcessEnv(): void {
  process.env = { ...process.env };
}
