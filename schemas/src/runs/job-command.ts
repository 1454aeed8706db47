/**
 * What a run becomes on its host; the job engine (`extension/src/runs/jobs/`) quotes and sends it.
 * Built by `extension/src/runs/kinds/build-command.ts`.
 */
export interface JobCommand {
  /** The process to start, never passed through a shell by the builder: the engine quotes it. */
  readonly argv: string[];
  /** Variables set for the job (host env, then run env, then what the kind needs). No secrets. */
  readonly env: Record<string, string>;
  /** `checkout` = the AgentArk checkout; any other string is a path relative to it (e.g. `eval`). */
  // `string & Record<never, never>` keeps "checkout" visible in completion next to any string.
  readonly cwd: "checkout" | (string & Record<never, never>);
  /** Names of secrets the engine injects as environment variables (stdin or a 0600 file). */
  readonly secrets?: string[];
}
