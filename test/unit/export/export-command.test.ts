import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { runExport } from "../../../extension/src/cli/export-command";
import { debateRow, inferenceRow, pythonLine, writeJsonl } from "./labeled-rows";

let dir: string;
let out: string[];
let err: string[];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "export-cli-"));
  out = [];
  err = [];
  vi.spyOn(process.stdout, "write").mockImplementation((s) => (out.push(String(s)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((s) => (err.push(String(s)), true));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

async function labeledFile(): Promise<string> {
  const path = join(dir, "labeled.jsonl");
  await writeJsonl(path, [
    pythonLine(debateRow("Q1", "7", [false, true, false, false, true, true])),
    pythonLine(debateRow("Q2", "8", [false, false, false, false, false, false])),
    "{oops",
  ]);
  return path;
}

describe("agentark-studio export", () => {
  it.each([
    [[], /--to <kind> is required/],
    [["--to", "sft", "--out", "o", "f"], /unknown kind sft/],
    [["--to", "rsft", "f"], /--out <path> is required/],
    [["--to", "rsft", "--out", "o"], /no input file/],
    [["--to", "rsft", "--out", "o", "a", "b"], /one input file, got 2/],
    [["--to", "grpo", "--out", "o", "--prefer", "aggregate", "f"], /only to --to rsft/],
    [["--to", "rsft", "--out", "o", "--prefer", "best", "f"], /aggregate or first-correct/],
    [["--to", "prm-steps", "--out", "o", "--test-fraction", "1.5", "f"], /from 0 up to/],
    [["--to", "prm-steps", "--out", "o", "--test-fraction", "abc", "f"], /from 0 up to/],
    [["--to", "rsft", "--out", "o", "--verbose", "f"], /unknown option: --verbose/],
    [["--to", "rsft", "--out"], /--out needs a value/],
    [["--to", "rsft", "--out", "same.jsonl", "./same.jsonl"], /must not be the input/],
  ])("exits 2 on bad usage: %j", async (argv, message) => {
    expect(await runExport(argv)).toBe(2);
    expect(err.join("")).toMatch(message);
    expect(err.join("")).toContain("usage: agentark-studio export");
  });

  it("exports, prints a one-line summary and exits 0", async () => {
    const input = await labeledFile();
    const target = join(dir, "rsft.jsonl");
    expect(await runExport(["export", "--to=rsft", "--out", target, input])).toBe(0);
    expect(out.join("")).toMatch(
      /^rsft: 3 rows in, 1 out, 2 dropped \(row: no correct solution: 1, row: malformed JSON: 1\) -> .*rsft\.jsonl; manifest .*rsft\.jsonl\.manifest\.json\n$/,
    );
    expect(JSON.parse(await readFile(target, "utf8"))).toEqual({
      input: "Q1",
      output: expect.any(String) as string,
    });
    const manifest = JSON.parse(await readFile(`${target}.manifest.json`, "utf8")) as {
      tool: { version: string };
    };
    expect(manifest.tool.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("prints the prm path warning on stderr", async () => {
    const input = await labeledFile();
    expect(await runExport(["--to", "prm", "--out", join(dir, "prm.jsonl"), input])).toBe(0);
    expect(err.join("")).toMatch(/^warning: prm\/finetune2\.py reads this format only when/);
  });

  it("exits 1 with a message when the export fails", async () => {
    const infer = join(dir, "mad_infer.jsonl");
    await writeJsonl(infer, [pythonLine(inferenceRow("Q", "1"))]);
    expect(await runExport(["--to", "da", "--out", join(dir, "da.jsonl"), infer])).toBe(1);
    expect(err.join("")).toMatch(/inference rows .* only --to grpo applies/);
    expect(
      await runExport(["--to", "grpo", "--out", join(dir, "g.jsonl"), join(dir, "missing.jsonl")]),
    ).toBe(1);
    expect(err.join("")).toMatch(/failed: .*ENOENT/);
  });
});
