import { describe, expect, it } from "vitest";
import type { AuditEntry, CurationEdit } from "../../../schemas/src/records";
import type { PendingEdit } from "../../../extension/src/curation/curation-backup";
import { ReviewedVerdicts } from "../../../extension/src/curation-editor/reviewed-verdicts";

const setCorrect = (solutionId: number, value: boolean): CurationEdit => ({
  type: "set-correct",
  line: 0,
  solutionId,
  value,
});

const saved = (
  query: string,
  edit: CurationEdit,
  before: unknown,
  source: "human" | "judge",
): AuditEntry => ({
  time: "2026-11-23T10:00:00Z",
  author: "ada",
  source,
  query,
  line: 0,
  edit,
  before,
});

const pending = (
  query: string | null,
  edit: CurationEdit,
  before: unknown,
  source: "human" | "judge",
): PendingEdit => ({
  edit,
  provenance: { author: "ada", source },
  time: "2026-11-23T11:00:00Z",
  before,
  query,
});

describe("ReviewedVerdicts", () => {
  const verdicts = new ReviewedVerdicts([
    saved("saved", setCorrect(1, false), true, "human"),
    saved("saved", setCorrect(1, true), false, "human"),
    saved("by the judge", setCorrect(2, true), false, "judge"),
  ]);
  const unsaved = [
    pending("unsaved", setCorrect(3, true), false, "human"),
    pending("judge unsaved", setCorrect(3, true), false, "judge"),
    pending(null, setCorrect(1, true), false, "human"),
  ];

  it("lists the queries a person corrected, saved or not, and nothing the judge did", () => {
    expect(verdicts.queries(unsaved).sort()).toEqual(["saved", "unsaved"]);
    expect(verdicts.queries([])).toEqual(["saved"]);
  });

  it("takes the judge's verdict from before the first correction, the human's from the last", () => {
    expect(verdicts.get("saved", unsaved)).toEqual([{ solutionId: 1, judge: true, human: true }]);
    expect(verdicts.get("unsaved", unsaved)).toEqual([
      { solutionId: 3, judge: false, human: true },
    ]);
    expect(verdicts.get("by the judge", unsaved)).toEqual([]);
  });
});
