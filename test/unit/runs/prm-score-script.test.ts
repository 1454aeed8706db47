// The PRM scoring script (extension/python/prm_score.py) through its Python unit tests, which need
// torch: CI installs Debian's python3-torch first (scripts/test-infra/python-torch.sh), so a
// missing torch fails here rather than skipping. The Python end-to-end test leaves its sidecar and
// stdout in a folder this file reads back with the editor's own parser, schema and progress regex.
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StepScoreLine } from "../../../schemas/src/records/step-scores";
import { PRM_SCORE } from "../../../schemas/src/runs/kinds/prm-score";
import { parseRecord } from "../../../extension/src/data/parse-record";
import { StepScoreIndex } from "../../../extension/src/data/step-score-index";
import { parseProgress } from "../../../extension/src/runs/jobs/parse-progress";

const repoRoot = resolve(__dirname, "..", "..", "..");
const fixture = join(repoRoot, "test", "python", "fixtures", "rows.jsonl");

/**
 * Debian's python3-torch installs for Debian's interpreter, which a pyenv or venv `python3` on
 * PATH would not see; AGENTARK_PYTHON overrides.
 */
function pythonForTorch(): string {
  if (process.env.AGENTARK_PYTHON) return process.env.AGENTARK_PYTHON;
  return existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

let run: SpawnSyncReturns<string>;
let out: string;

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), "aas-prm-score-"));
  // `python3 -m unittest test/python/…` would import the standard library's `test` package
  // instead of this folder, so the tests are discovered from their own folder.
  run = spawnSync(
    pythonForTorch(),
    ["-m", "unittest", "discover", "-v", "-s", "test/python", "-p", "test_prm_score.py"],
    {
      cwd: repoRoot,
      encoding: "utf8",
      env: { ...process.env, AGENTARK_PRM_SCORE_OUT: out },
      timeout: 120_000,
    },
  );
}, 130_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

function sidecarLines(): string[] {
  return readFileSync(join(out, "rows.step-scores.jsonl"), "utf8").split("\n").filter(Boolean);
}

describe("prm_score.py", () => {
  it("passes its Python unit tests (needs torch: scripts/test-infra/python-torch.sh)", () => {
    expect(run.error).toBeUndefined();
    const report = run.stderr;
    const ran = /^Ran (\d+) tests? in /m.exec(report);
    expect(ran, report).not.toBeNull();
    expect(Number(ran?.[1])).toBeGreaterThan(0);
    // Plain `OK`, not `OK (skipped=N)`, and no test reported as `... skipped`.
    expect(report).toMatch(/^OK$/m);
    expect(report).not.toMatch(/ \.\.\. skipped/);
    expect(run.status, report).toBe(0);
  });

  it("writes sidecar lines the editor's StepScoreLine schema accepts", () => {
    const lines = sidecarLines();
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const parsed = StepScoreLine.parse(JSON.parse(line));
      expect(parsed.model).toBe("ckpt/toy-prm");
      for (const score of parsed.scores) expect(Math.abs(score)).toBeLessThanOrEqual(1);
    }
  });

  it("scores exactly the solutions and steps the editor shows, joined by query and id", () => {
    const lines = sidecarLines();
    const index = StepScoreIndex.fromLines(lines);
    expect(index.problems).toEqual([]);
    const records = readFileSync(fixture, "utf8")
      .split("\n")
      .slice(0, -1)
      .map((text, i) => parseRecord(i + 1, text, { stepScores: index }));
    const solutions = records.flatMap((r) => r.solutions.map((s) => ({ query: r.query, s })));
    expect(records.filter((r) => r.malformed && r.malformed !== "blank line")).toHaveLength(2);
    // One line per solution, and every solution found its own line.
    expect(index.size).toBe(lines.length);
    expect(solutions).toHaveLength(lines.length);
    for (const { query, s } of solutions) {
      const line = index.get(query, s.id);
      expect(line, `${query} #${s.id}`).toBeDefined();
      expect(s.steps.map((step) => step.score)).toEqual(line?.scores);
    }
    // The fixture's kinds all took part: debate (vLLM and HTTP), labeled, trajectory.
    expect(new Set(records.filter((r) => r.solutions.length).map((r) => r.kind))).toEqual(
      new Set(["infer", "labeled", "trajectory"]),
    );
  });

  it("accepts exactly the flags of the prm-score kind, with its defaults", () => {
    interface PythonFlag {
      name: string;
      type: string;
      default: unknown;
      required: boolean;
      choices: string[] | null;
    }
    const python = JSON.parse(readFileSync(join(out, "flags.json"), "utf8")) as PythonFlag[];
    const types: Record<string, string> = { string: "str", int: "int", float: "float" };
    expect(python.map((f) => f.name)).toEqual(PRM_SCORE.flags.map((f) => f.name));
    for (const flag of PRM_SCORE.flags) {
      expect(
        python.find((f) => f.name === flag.name),
        flag.name,
      ).toEqual({
        name: flag.name,
        type: types[flag.type],
        default: flag.default ?? null,
        required: flag.required ?? false,
        choices: flag.choices ?? null,
      });
    }
  });

  it("reports progress the job engine reads, ending at every solution", () => {
    const stdout = readFileSync(join(out, "main.stdout.txt"), "utf8");
    const total = sidecarLines().length;
    expect(parseProgress(stdout)).toEqual({
      fraction: 1,
      label: `Processing samples ${total}/${total}`,
    });
  });
});
