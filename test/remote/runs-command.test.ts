// `agentark-studio run|jobs|logs|cancel` (runRunsCommand) against the loopback sshd and the
// fixture AgentArk checkout, with a run file as a user would write it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { runRunsCommand } from "../../extension/src/cli/runs-command";
import { SshTransport } from "../../extension/src/runs/transport/ssh-transport";
import { captureOutput } from "../harness/capture-output";
import { fixtureHost, remoteEnv, repoRoot, type RemoteEnv } from "./remote-env";

let env: RemoteEnv;
let dir: string;
let common: string[];

beforeAll(() => {
  env = remoteEnv();
  dir = mkdtempSync(join(tmpdir(), "aas-cli-"));
  const out = `results/cli-${process.pid}/llm_debate_infer.jsonl`;
  writeFileSync(
    join(dir, "agentark.runs.yaml"),
    `hosts:
${fixtureHost(env, "loopback", { delay: "0.05" })}
${fixtureHost(env, "cluster", {
  delay: "0.05",
  extra: ["scheduler: slurm", 'slurm: {partition: debug, time: "00:10:00"}'],
})}
runs:
  infer-slurm:
    kind: inference
    host: cluster
    args: {method_name: llm_debate, test_dataset_name: QMSum, model_name: Qwen/Qwen3-8B, output_path: results/slurm-${process.pid}/QMSum_llm_debate_infer.jsonl}
  label-slurm:
    kind: label
    host: cluster
    after: infer-slurm
    args: {input: results/slurm-${process.pid}/QMSum_llm_debate_infer.jsonl, dataset_name: QMSum}
  score-missing:
    kind: prm-score
    host: loopback
    args: {input: results/cli-${process.pid}/none.jsonl, prm: checkpoints/prm-fixture}
  debate-qmsum:
    kind: inference
    host: loopback
    args: {method_name: llm_debate, test_dataset_name: QMSum, model_name: Qwen/Qwen3-8B, output_path: ${out}}
`,
  );
  common = [
    "--file",
    join(dir, "agentark.runs.yaml"),
    "--ssh-config",
    env.sshConfig,
    "--state",
    join(dir, "state"),
  ];
});
afterEach(() => vi.restoreAllMocks());
// The CLI shares the default control socket (as separate invocations do); close it when done.
afterAll(() =>
  new SshTransport({ hostName: "loopback", ssh: env.host, configFile: env.sshConfig }).disconnect(),
);

async function cli(command: "run" | "jobs" | "logs" | "cancel", ...argv: string[]) {
  const dash = argv.indexOf("--");
  const head = dash < 0 ? argv : argv.slice(0, dash);
  const rest = dash < 0 ? [] : argv.slice(dash);
  // Options given by the test win over the common ones.
  const defaults = common
    .filter((_, i) => i % 2 === 0 && !head.includes(common[i]!))
    .flatMap((k) => [k, common[common.indexOf(k) + 1]!]);
  const { result, stdout, stderr } = await captureOutput(() =>
    runRunsCommand(command, [...head, ...defaults, ...rest]),
  );
  return { code: result, stdout, stderr };
}

describe("agentark-studio run/jobs/logs/cancel", () => {
  it("runs a named run and waits for it, streaming the log", async () => {
    const r = await cli("run", "debate-qmsum", "--wait");
    expect(r.stderr).toMatch(/job debate-qmsum-\S+ succeeded with exit code 0/);
    const id = r.stdout.split("\n")[0]!;
    expect(id).toMatch(/^debate-qmsum-/);
    expect(r.stdout).toContain(">> After filtering: 12 samples");
    const jobs = await cli("jobs", "--json");
    expect(jobs.code).toBe(0);
    const rows = JSON.parse(jobs.stdout) as { id: string; status: string; exitCode: number }[];
    expect(rows.find((j) => j.id === id)).toMatchObject({ status: "succeeded", exitCode: 0 });
    const log = await cli("logs", id);
    expect(log.stdout).toBe(
      readFileSync(join(env.home, ".agentark-studio/jobs", id, "log"), "utf8"),
    );
  });

  it("starts a custom command, lists it as running, and cancels it", async () => {
    const started = await cli(
      "run",
      "--host",
      "loopback",
      "--",
      "bash",
      "-c",
      "echo started; sleep 60",
    );
    expect(started.code).toBe(0);
    const id = started.stdout.trim();
    const listed = await cli("jobs");
    expect(listed.stdout).toMatch(new RegExp(`${id}  loopback  (queued|running)`));
    const cancelled = await cli("cancel", id);
    expect(cancelled.stdout).toMatch(new RegExp(`^${id} cancelled( with exit code 143)?\\n$`));
    const follow = await cli("logs", id, "--follow");
    expect(follow.stdout).toMatch(/^started\n/);
  });

  it("runs on the built-in local host and reports failure in the exit status", async () => {
    const r = await cli("run", "--host", "local", "--wait", "--", "sh", "-c", "echo local; exit 4");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("local\n");
    expect(r.stderr).toMatch(/failed with exit code 4/);
  });

  it("chains a pipeline on Slurm with afterok: label after inference", async () => {
    const first = await cli("run", "infer-slurm");
    expect(first.code).toBe(0);
    const second = await cli("run", "label-slurm", "--wait");
    expect(second.stderr).toMatch(/succeeded with exit code 0/);
    expect(second.stdout).toContain("Done. Saved labeled file to: results/slurm-");
    const labeled = join(
      env.checkout,
      `results/slurm-${process.pid}/QMSum_llm_debate_infer_labeled_by_Qwen2.5-72B-Instruct.jsonl`,
    );
    const rows = readFileSync(labeled, "utf8").trim().split("\n");
    expect(rows).toHaveLength(12);
  });

  it("sends the extension's PRM scoring script with a prm-score run, which then runs it", async () => {
    const script = join(env.checkout, ".agentark-studio/prm_score.py");
    rmSync(script, { force: true });
    const r = await cli("run", "score-missing", "--wait");
    expect(readFileSync(script)).toEqual(
      readFileSync(join(repoRoot, "extension/python/prm_score.py")),
    );
    // The script itself answered: exit 2 and its message for a missing input.
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/failed with exit code 2/);
    expect(r.stdout).toContain(`no such input file: results/cli-${process.pid}/none.jsonl`);
  });

  it("refuses a run whose predecessor never ran", async () => {
    const r = await cli("run", "label-slurm", "--state", join(dir, "other-state"));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/run "infer-slurm" first/);
  });

  it("explains bad usage and unknown hosts", async () => {
    expect((await cli("run")).code).toBe(2);
    expect((await cli("logs", "--bogus")).stderr).toMatch(/unknown option for logs: --bogus/);
    const unknown = await cli("run", "--host", "nowhere", "--", "true");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no host "nowhere"/);
  });
});
