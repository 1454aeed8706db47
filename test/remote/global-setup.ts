import { execFileSync } from "node:child_process";
import { repoRoot } from "./remote-env";

const SCRIPTS = ["scripts/test-infra/sshd.sh", "scripts/test-infra/slurm.sh"];

/**
 * Once per `remote` run: the loopback sshd with its test user, key and fixture checkout, and a
 * one-node Slurm cluster the test user submits to over that sshd. AGENTARK_TEST_KEEP_INFRA=1
 * leaves them running afterwards.
 */
export default function setup(): () => void {
  for (const script of SCRIPTS)
    execFileSync("bash", [script, "start"], { cwd: repoRoot, stdio: "inherit" });
  return () => {
    if (process.env.AGENTARK_TEST_KEEP_INFRA) return;
    for (const script of [...SCRIPTS].reverse())
      execFileSync("bash", [script, "stop"], { cwd: repoRoot, stdio: "inherit" });
  };
}
