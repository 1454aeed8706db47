// The PRM scoring script reaches a host's checkout over real SSH and runs there as a job, from the
// path buildCommand gives `prm-score` runs.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newJobId } from "../../extension/src/runs/jobs/job-id";
import { PRM_SCORE_SCRIPT } from "../../extension/src/runs/kinds/build-command";
import {
  prmScoreScriptFile,
  uploadPrmScoreScript,
} from "../../extension/src/runs/kinds/prm-score-upload";
import { SyncError } from "../../extension/src/runs/sync/sync-error";
import type { SyncTarget } from "../../extension/src/runs/sync/rsync-sync";
import type { SshTransport } from "../../extension/src/runs/transport/ssh-transport";
import { jobHost, waitForStatus } from "./job-helpers";
import { remoteEnv, repoRoot, testTransport, type RemoteEnv } from "./remote-env";

let env: RemoteEnv;
let transport: SshTransport;
let target: SyncTarget;
const scriptFile = prmScoreScriptFile(repoRoot);
const shipped = readFileSync(scriptFile);

beforeAll(() => {
  env = remoteEnv();
  transport = testTransport(env);
  target = { name: "loopback", transport, checkout: "~/AgentArk" };
});
afterAll(() => transport.disconnect());

function onHost(checkout: string): string {
  return join(checkout, PRM_SCORE_SCRIPT);
}

describe("uploadPrmScoreScript", () => {
  it("writes the script byte for byte where a prm-score job runs it, and it runs there", async () => {
    // An older copy is replaced whole.
    const old = await transport.exec(
      `mkdir -p ~/AgentArk/.agentark-studio && echo 'print("old")' > ~/AgentArk/${PRM_SCORE_SCRIPT}`,
    );
    expect(old.code).toBe(0);
    await uploadPrmScoreScript(target, scriptFile);
    expect(readFileSync(onHost(env.checkout)).equals(shipped)).toBe(true);
    expect(statSync(onHost(env.checkout)).mode & 0o777).toBe(0o644);
    const leftovers = await transport.exec("ls -A ~/AgentArk/.agentark-studio");
    expect(leftovers.stdout).toBe("prm_score.py\n");

    // As a job: the engine's cwd is the checkout and argv[1] is PRM_SCORE_SCRIPT.
    const host = jobHost(transport);
    const help = { id: newJobId("prm-help"), argv: ["python3", PRM_SCORE_SCRIPT, "--help"] };
    await host.start({ ...help, cwd: "~/AgentArk" });
    const state = await waitForStatus(host, help.id);
    const log = (await host.readLog(help.id)).toString();
    expect(state, log).toMatchObject({ status: "succeeded", exitCode: 0 });
    expect(log).toContain("usage: prm_score.py");
    for (const flag of ["--input", "--prm", "--output", "--step_separator", "--batch_size"])
      expect(log).toContain(flag);

    const missing = {
      id: newJobId("prm-missing"),
      argv: ["python3", PRM_SCORE_SCRIPT, "--input", "results/none_infer.jsonl", "--prm", "ckpt"],
    };
    await host.start({ ...missing, cwd: "~/AgentArk" });
    const failed = await waitForStatus(host, missing.id);
    expect(failed).toMatchObject({ status: "failed", exitCode: 2 });
    expect((await host.readLog(missing.id)).toString()).toContain(
      "prm_score.py: error: no such input file: results/none_infer.jsonl",
    );
  });

  it("quotes the checkout: spaces, quotes and dollar signs stay literal", async () => {
    const odd = `odd dir $HOME 'q' "d"`;
    const made = await transport.exec(`mkdir -p ~/${odd.replace(/(["'$ ])/g, "\\$1")}`);
    expect(made.code, made.stderr).toBe(0);
    await uploadPrmScoreScript({ ...target, checkout: `~/${odd}` }, scriptFile);
    expect(readFileSync(onHost(join(env.home, odd))).equals(shipped)).toBe(true);
  });

  it("says when the checkout is missing on the host", async () => {
    const error = await uploadPrmScoreScript(
      { ...target, checkout: "~/no-such-checkout" },
      scriptFile,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncError);
    expect(error).toMatchObject({
      kind: "checkout-missing",
      message:
        "loopback: the AgentArk checkout ~/no-such-checkout does not exist there (set `agentark:` for this host)",
    });
  });

  it("says when the host cannot write the file", async () => {
    const blocked = await transport.exec(
      "mkdir -p ~/blocked-checkout && touch ~/blocked-checkout/.agentark-studio",
    );
    expect(blocked.code).toBe(0);
    const error = await uploadPrmScoreScript(
      { ...target, checkout: "~/blocked-checkout" },
      scriptFile,
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "failed" });
    expect((error as Error).message).toMatch(
      /^loopback:~\/blocked-checkout\/\.agentark-studio\/prm_score\.py could not be written \(91\): mkdir: .*File exists/,
    );
  });

  it("names the extension's file when it is missing", async () => {
    const error = await uploadPrmScoreScript(target, "/nonexistent/prm_score.py").catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ kind: "local-missing" });
    expect((error as Error).message).toContain("(ENOENT): /nonexistent/prm_score.py");
  });
});
