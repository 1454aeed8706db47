// Shared pieces of the remote job tests: a JobHost on the loopback sshd and the fixture checkout.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { JobHost } from "../../extension/src/runs/jobs/job-host";
import { newJobId } from "../../extension/src/runs/jobs/job-id";
import type { JobSpec } from "../../extension/src/runs/jobs/job-spec";
import type { JobState } from "../../extension/src/runs/jobs/job-state";
import { isFinished } from "../../extension/src/runs/jobs/job-state";
import type { SshTransport } from "../../extension/src/runs/transport/ssh-transport";
import { waitFor, type RemoteEnv } from "./remote-env";

export const JOBS_ROOT = "~/.agentark-studio/jobs";

export function jobDirOf(env: RemoteEnv, id: string): string {
  return join(env.home, ".agentark-studio", "jobs", id);
}

export function readJobFile(env: RemoteEnv, id: string, name: string): string | undefined {
  try {
    return readFileSync(join(jobDirOf(env, id), name), "utf8");
  } catch {
    return undefined;
  }
}

/** The fixture's inference.py (a stand-in for the GPU program) on llm_debate/QMSum. */
export function inferenceSpec(env: RemoteEnv, name: string, extra: Partial<JobSpec> = {}): JobSpec {
  const id = newJobId(name);
  return {
    id,
    argv: [
      "python3",
      "inference.py",
      "--method_name",
      "llm_debate",
      "--test_dataset_name",
      "QMSum",
      "--model_name",
      "Qwen/Qwen3-8B",
      "--output_path",
      `results/${id}/llm_debate_infer.jsonl`,
    ],
    cwd: "~/AgentArk",
    setup: ["export PYTHONUNBUFFERED=1"],
    env: { AGENTARK_FIXTURE_DELAY: "0.25" },
    ...extra,
  };
}

export function jobHost(transport: SshTransport): JobHost {
  return new JobHost(transport, JOBS_ROOT);
}

export async function waitForStatus(
  host: JobHost,
  id: string,
  done: (s: JobState) => boolean = (s) => isFinished(s.status),
  timeoutMs = 30_000,
): Promise<JobState> {
  return waitFor(
    `job ${id} status`,
    async () => {
      const s = (await host.status([id])).get(id);
      return s && done(s) ? s : undefined;
    },
    timeoutMs,
  );
}
