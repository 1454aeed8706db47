import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatInspect, inspectFile } from "../../../extension/src/cli/inspect-command";
import { UsageError } from "../../../extension/src/cli/validate-command";
import { LABELED } from "../data/samples";
import { tmpFile } from "../data/tmp-file";

describe("inspect (CLI core)", () => {
  it("reports a labeled file's verdicts, per agent in the summary", async () => {
    const report = await inspectFile(LABELED);
    expect(report).toMatchObject({ file: LABELED, records: 35, malformedCount: 0 });
    const text = formatInspect(report);
    expect(text).toContain("35 records in 35 lines (0 blank)");
    expect(text).toContain("kinds: 35 labeled");
    expect(text).toMatch(/solutions: 210 \(\d+ correct, \d+ incorrect, 0 unlabeled\)/);
    expect(text).toMatch(/ {4}aggregator {2}\d+\/35 correct \(\d+\.\d%\)/);
  });

  it("lists malformed lines and a pending last line in the summary", async () => {
    const report = await inspectFile(tmpFile('{"query": "a", "response": "x"}\nnope\n{"query"'));
    const text = formatInspect(report);
    expect(text).toContain("malformed lines: 1\n    line 2: ");
    expect(text).toContain("8 bytes after the last newline");
  });

  it("refuses a missing file or a folder as bad usage", async () => {
    await expect(inspectFile("no/such.jsonl")).rejects.toThrow(UsageError);
    await expect(inspectFile(mkdtempSync(join(tmpdir(), "aas-")))).rejects.toThrow(/not a file/);
  });
});
