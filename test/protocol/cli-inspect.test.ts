import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "./lsp-client";

const BIN = join(ROOT, "bin", "agentark-studio.js");
const run = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: "utf8" });
const SAMPLES = "samples/workspace/results/MATH/Qwen/Qwen3-8B";

interface Report {
  records: number;
  malformed: { line: number; message: string }[];
  kinds: Record<"infer" | "labeled" | "trajectory" | "unknown", number>;
  solutions: { total: number; correct: number; incorrect: number; unlabeled: number };
  errors: number;
}

describe("agentark-studio inspect (the built CLI)", () => {
  beforeAll(() => {
    const build = spawnSync(process.execPath, ["esbuild.mjs"], { cwd: ROOT, encoding: "utf8" });
    expect(build.status, build.stderr).toBe(0);
  }, 120_000);

  it("--json prints one object with records, malformed, kinds and solutions", () => {
    const result = run(
      "inspect",
      "--json",
      `${SAMPLES}/llm_debate_infer_labeled_by_Qwen2.5-72B-Instruct.jsonl`,
    );
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.records).toBe(35);
    expect(report.malformed).toEqual([]);
    expect(report.kinds).toEqual({ infer: 0, labeled: 35, trajectory: 0, unknown: 0 });
    expect(report.solutions.total).toBe(210);
    expect(report.solutions.correct + report.solutions.incorrect).toBe(210);
  });

  it("counts the debate rows and the error row of an inference file", () => {
    const report = JSON.parse(
      run("inspect", "--json", `${SAMPLES}/llm_debate_http_infer.jsonl`).stdout,
    ) as Report;
    expect(report).toMatchObject({ records: 36, errors: 1, kinds: { infer: 36 } });
    expect(report.solutions).toEqual({ total: 210, correct: 0, incorrect: 0, unlabeled: 210 });
  });

  it("exits 0 on malformed lines, listing them with 1-based line numbers", () => {
    const file = join(mkdtempSync(join(tmpdir(), "aas-cli-")), "bad_infer.jsonl");
    writeFileSync(
      file,
      '{"query": "q", "response": "a"}\n[1]\n{"query": \n\n{"query": "r", "error": "boom"}\n',
    );
    const result = run("inspect", "--json", file);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.records).toBe(4);
    expect(report.malformed.map((m) => m.line)).toEqual([2, 3]);
    expect(report.malformed[0]?.message).toBe("not a JSON object: array");
    expect(report).toMatchObject({ kinds: { infer: 2 }, errors: 1 });
    const human = run("inspect", file);
    expect(human.status).toBe(0);
    expect(human.stdout).toContain("malformed lines: 2");
  });

  it("counts a file over 64 MiB on worker threads with the same figures and line numbers", () => {
    const labeled = readFileSync(
      join(ROOT, SAMPLES, "llm_debate_infer_labeled_by_Qwen2.5-72B-Instruct.jsonl"),
      "utf8",
    );
    const copies = Math.ceil((70 * 1024 * 1024) / labeled.length);
    const half = Math.floor(copies / 2) + 1;
    const parts = Array.from({ length: copies }, (_, k) =>
      k === half ? `${labeled}oops\n` : labeled,
    );
    const file = join(mkdtempSync(join(tmpdir(), "aas-cli-")), "big_infer_labeled_by_x.jsonl");
    writeFileSync(file, parts.join(""));
    const result = run("inspect", "--json", file);
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.records).toBe(35 * copies + 1);
    expect(report.kinds.labeled).toBe(35 * copies);
    expect(report.solutions.total).toBe(210 * copies);
    expect(report.malformed.map((m) => m.line)).toEqual([35 * (half + 1) + 1]);
  }, 60_000);

  it("lists every malformed line with --json, and the first thousand without", () => {
    const file = join(mkdtempSync(join(tmpdir(), "aas-cli-")), "many_bad_infer.jsonl");
    writeFileSync(file, Array.from({ length: 1500 }, (_, i) => `{"query": ${i}\n`).join(""));
    const report = JSON.parse(run("inspect", "--json", file).stdout) as Report;
    expect(report.malformed).toHaveLength(1500);
    expect(report.malformed.at(-1)?.line).toBe(1500);
    expect(run("inspect", file).stdout).toContain("... 500 more");
  });

  it("exits 2 on bad usage or a missing file, and validate still works", () => {
    expect(run("inspect").status).toBe(2);
    expect(run("inspect", "--yaml", "x.jsonl").status).toBe(2);
    expect(run("inspect", "a.jsonl", "b.jsonl").status).toBe(2);
    const missing = run("inspect", "--json", "no/such/file.jsonl");
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("no such file: no/such/file.jsonl");
    expect(run("validate", "test/fixtures/agentark").status).toBe(0);
  });
});
