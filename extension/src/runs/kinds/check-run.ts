import {
  checkRunFile,
  hostRequirements,
  LOCAL_HOST,
  type CheckContext,
  type HostRequirement,
  type JobCommand,
  type RunFile,
  type RunFinding,
} from "../../../../schemas/src/runs";
import { buildCommand } from "./build-command";

export {
  checkRun,
  checkRunFile,
  type CheckContext,
  type RunFinding,
} from "../../../../schemas/src/runs";

/** Everything the job engine needs to decide whether, and what, to launch for one run. */
export interface Preflight {
  /** The run's own findings plus file-level ones that point into it (hosts, after, ports). */
  readonly findings: readonly RunFinding[];
  /** True when a finding is an error: the engine must not send the run. */
  readonly blocked: boolean;
  /** Paths to `test -e` in the checkout before launching. */
  readonly requirements: readonly HostRequirement[];
  /** The host key the run targets (`local` when unset). */
  readonly host: string;
  /** Undefined when the run does not exist in the file. */
  readonly command: JobCommand | undefined;
}

/**
 * Checks run `name` of a parsed run file before anything is sent, and builds its command. The
 * traps (the reference's §0-§10) live in schemas/src/runs so the language server shows the same.
 */
export function preflight(file: RunFile, name: string, ctx: CheckContext = {}): Preflight {
  const run = file.runs?.[name];
  const hostName = run?.host ?? LOCAL_HOST;
  if (!run)
    return { findings: [], blocked: true, requirements: [], host: hostName, command: undefined };
  const findings = checkRunFile(file, ctx).filter(
    (f) =>
      (f.path[0] === "runs" && f.path[1] === name) ||
      (f.path[0] === "hosts" && f.path[1] === hostName),
  );
  return {
    findings,
    blocked: findings.some((f) => f.severity === "error"),
    requirements: hostRequirements(run),
    host: hostName,
    command: buildCommand(run, file.hosts?.[hostName]),
  };
}
