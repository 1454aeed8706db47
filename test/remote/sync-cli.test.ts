// `agentark-studio run <name> --wait` uploads the run's `upload:` files first and brings its
// `download:` files back; `sync <job>` does it on demand. Loopback sshd and the fixture AgentArk
// checkout (test/fixtures/remote-agentark) standing in for the GPU programs.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRunsCommand, type RunsCommand } from "../../extension/src/cli/runs-command";
import { readManifest } from "../../extension/src/runs/sync/sync-manifest";
import { SshTransport } from "../../extension/src/runs/transport/ssh-transport";
import { captureOutput } from "../harness/capture-output";
import { fixtureHost, remoteEnv, type RemoteEnv } from "./remote-env";

let env: RemoteEnv;
let ws: string;
let common: string[];
const out = `results/cli-sync-${process.pid}/llm_debate_infer.jsonl`;
const curated = `curated/cli-sync-${process.pid}/labeled.jsonl`;

beforeAll(() => {
  env = remoteEnv();
  ws = mkdtempSync(join(tmpdir(), "aas-cli-sync-"));
  writeFileSync(
    join(ws, "agentark.runs.yaml"),
    `hosts:
${fixtureHost(env, "loopback", { delay: "0.02" })}
runs:
  debate-qmsum:
    kind: inference
    host: loopback
    args: {method_name: llm_debate, test_dataset_name: QMSum, model_name: Qwen/Qwen3-8B, output_path: ${out}}
    upload: [${curated}]
    download: [${out}]
`,
  );
  mkdirSync(join(ws, "curated", `cli-sync-${process.pid}`), { recursive: true });
  writeFileSync(join(ws, curated), '{"query":"q","label":[1]}\n');
  common = [
    "--file",
    join(ws, "agentark.runs.yaml"),
    "--ssh-config",
    env.sshConfig,
    "--state",
    join(ws, "state"),
  ];
});
afterAll(() =>
  new SshTransport({ hostName: "loopback", ssh: env.host, configFile: env.sshConfig }).disconnect(),
);

async function cli(command: RunsCommand, ...argv: string[]) {
  const { result, stdout, stderr } = await captureOutput(() =>
    runRunsCommand(command, [...argv, ...common]),
  );
  return { code: result, stdout, stderr };
}

describe("agentark-studio run/sync with upload: and download:", () => {
  it("uploads before the run, downloads after it, and syncs on demand", async () => {
    const r = await cli("run", "debate-qmsum", "--wait");
    expect(r.stderr).toMatch(/succeeded with exit code 0/);
    expect(r.code).toBe(0);
    const id = r.stdout.split("\n")[0]!;
    expect(readFileSync(join(env.checkout, curated), "utf8")).toBe('{"query":"q","label":[1]}\n');
    expect(r.stderr).toContain(`uploaded ${curated} (26 bytes`);
    const remote = readFileSync(join(env.checkout, out));
    expect(readFileSync(join(ws, out)).equals(remote)).toBe(true);
    expect(r.stderr).toContain(`downloaded ${out} (${remote.length} bytes`);
    expect(readManifest(ws).map((e) => [e.direction, e.jobId, e.localPath])).toEqual([
      ["upload", id, curated],
      ["download", id, out],
    ]);
    const again = await cli("sync", id);
    expect(again.code).toBe(0);
    expect(readManifest(ws)).toHaveLength(3);
    const missing = await cli("sync", id, "results/none.jsonl");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no such file on loopback: results\/none\.jsonl/);
  });
});
