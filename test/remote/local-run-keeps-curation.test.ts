// A label run on the built-in `local` host, whose checkout is the workspace itself: label.py
// (the fixture stand-in) writes its output anew in place, where no download guards it. Through
// the command line, a curated labeled file is kept aside before the job starts, the person's
// work is carried onto the new file once the job has ended (`run --wait`, or a later `run` or
// `sync`), the file goes back when the job wrote none, and a second run of the same output is
// refused while the first has it.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CurationDocument } from "../../extension/src/curation/curation-document";
import { IndexLineRanges } from "../../extension/src/curation-editor/index-line-ranges";
import { runRunsCommand } from "../../extension/src/cli/runs-command";
import { LineIndex } from "../../extension/src/data/line-index";
import { auditPathFor } from "../../extension/src/curation/audit-trail";
import { captureOutput } from "../harness/capture-output";
import { repoRoot } from "./remote-env";

const RESULTS = "results/QMSum/Qwen/Qwen3-8B";
const INFER = `${RESULTS}/llm_debate_infer.jsonl`;
const LABELED = `${RESULTS}/llm_debate_infer_labeled_by_Qwen2.5-72B-Instruct.jsonl`;

let ws: string;

/**
 * The run file, with label.py made to fail before it writes anything when `fail`, and slower
 * (about a second per solution) when `slow`.
 */
function writeRunFile(fail: boolean, slow = false): void {
  writeFileSync(
    join(ws, "agentark.runs.yaml"),
    `hosts:
  local:
    agentark: ${ws}
    setup:
      - mkdir -p ${ws}/.bin && ln -sf /usr/bin/python3 ${ws}/.bin/python
      - export PATH="${ws}/.bin:$PATH"
    env: {AGENTARK_FIXTURE_DELAY: "${slow ? "4" : "0.01"}"${fail ? ', AGENTARK_FIXTURE_FAIL: "1"' : ""}}
runs:
  label-local:
    kind: label
    host: local
    args: {input: ${INFER}, dataset_name: QMSum}
    download: [${LABELED}]
`,
  );
}

async function cli(command: "run" | "sync" | "logs", ...argv: string[]) {
  const { result, stderr, stdout } = await captureOutput(() =>
    runRunsCommand(command, [
      ...argv,
      "--file",
      join(ws, "agentark.runs.yaml"),
      "--state",
      join(ws, ".state"),
    ]),
  );
  return { code: result, stderr, stdout };
}

const runLabel = () => cli("run", "label-local", "--wait");
const keptPathIn = (stderr: string) =>
  /your version is kept as (\S+) while the job runs/.exec(stderr)?.[1];

/** In the curation editor: the judge's verdict on row 0's second solution flipped, saved. */
async function curate(): Promise<void> {
  const path = join(ws, LABELED);
  const index = await LineIndex.open(path);
  await index.build();
  const doc = await CurationDocument.open({ path, lines: new IndexLineRanges(index) });
  try {
    await doc.applyEdit(
      { type: "set-correct", line: 0, solutionId: 2, value: true },
      { author: "ada", source: "human" },
    );
    expect((await doc.save()).kind).toBe("saved");
  } finally {
    await doc.close();
    await index.close();
  }
}

const row0 = (file: string) =>
  JSON.parse(readFileSync(file, "utf8").split("\n")[0]!) as { labels: boolean[] };

beforeAll(() => {
  ws = mkdtempSync(join(tmpdir(), "aas-local-run-"));
  for (const f of ["label.py", "fixture_progress.py"])
    cpSync(join(repoRoot, "test/fixtures/remote-agentark", f), join(ws, f));
  const rows = [4, 9].map((gt) =>
    JSON.stringify({
      query: `What is ${gt - 2} + 2?`,
      gt: String(gt),
      response: `===== Solution 1 =====\nIt is ${gt}.\n===== Solution 2 =====\nIt is ${gt + 1}.\n`,
    }),
  );
  writeRunFile(false);
  const infer = join(ws, INFER);
  mkdirSync(dirname(infer), { recursive: true });
  writeFileSync(infer, rows.map((r) => `${r}\n`).join(""));
});
afterAll(() => rmSync(ws, { recursive: true, force: true }));

describe("a label run in the workspace's own checkout", () => {
  it("keeps a curated labeled file aside while it runs and carries the person's verdict over", async () => {
    const first = await runLabel();
    expect(first.stderr).toMatch(/job label-local-\S+ succeeded/);
    expect(row0(join(ws, LABELED)).labels).toEqual([true, false]);
    await curate();
    const curated = readFileSync(join(ws, LABELED));
    expect(row0(join(ws, LABELED)).labels).toEqual([true, true]);

    const rerun = await runLabel();
    expect(rerun.code).toBe(0);
    const keptPath = keptPathIn(rerun.stderr);
    expect(keptPath, rerun.stderr).toBeDefined();
    expect(readFileSync(join(ws, keptPath!)).equals(curated)).toBe(true);
    expect(existsSync(auditPathFor(join(ws, keptPath!)))).toBe(true);
    // label.py wrote its verdict (false) anew; the person's (true) is carried onto it.
    expect(rerun.stderr).toContain("Your work on 1 row (1 change) was carried onto the new file.");
    expect(row0(join(ws, LABELED)).labels).toEqual([true, true]);

    // The file the run wrote and the carry made is still the person's: a third run keeps it too.
    const third = await runLabel();
    expect(keptPathIn(third.stderr), third.stderr).toBeDefined();
    expect(third.stderr).toContain("Your work on 1 row (1 change) was carried onto the new file.");
    expect(row0(join(ws, LABELED)).labels).toEqual([true, true]);
  });

  it("puts the curated file back when the run fails before writing a new one", async () => {
    const before = readFileSync(join(ws, LABELED));
    writeRunFile(true);
    try {
      const failed = await runLabel();
      expect(failed.code).toBe(1);
      expect(failed.stderr).toMatch(/job label-local-\S+ failed/);
      expect(failed.stderr).toContain(`Your curated ${LABELED} is back in place: job label-local-`);
      expect(readFileSync(join(ws, LABELED)).equals(before)).toBe(true);
      expect(existsSync(auditPathFor(join(ws, LABELED)))).toBe(true);
    } finally {
      writeRunFile(false);
    }
  });

  it("refuses a second run while the first has the file, and settles the first on `sync`", async () => {
    writeRunFile(false, true);
    try {
      const first = await cli("run", "label-local");
      expect(first.code).toBe(0);
      const id = first.stdout.trim();
      const keptPath = keptPathIn(first.stderr);
      expect(keptPath, first.stderr).toBeDefined();
      expect(existsSync(join(ws, LABELED))).toBe(false);

      const second = await cli("run", "label-local");
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(
        `${LABELED} is kept as ${keptPath} for job ${id}, which has not ended yet`,
      );
      // Followed to its end, then brought back: the note is settled, the work carried.
      expect((await cli("logs", id, "--follow")).stdout).toContain("Done. Saved labeled file");
      const synced = await cli("sync", id);
      expect(synced.code).toBe(0);
      expect(synced.stderr).toContain(
        "Your work on 1 row (1 change) was carried onto the new file.",
      );
      expect(row0(join(ws, LABELED)).labels).toEqual([true, true]);
    } finally {
      writeRunFile(false);
    }
  });
});
