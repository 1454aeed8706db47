import { describe, expect, it } from "vitest";
import { editReason, MAX_REASON } from "../../../extension/src/curation/edit-reason";

describe("editReason", () => {
  it("keeps typed text as one trimmed line", () => {
    expect(editReason("  wrong unit\r\n\tin step 3  ")).toBe("wrong unit in step 3");
  });

  it("is no reason for nothing or only whitespace", () => {
    expect(editReason(undefined)).toBeUndefined();
    expect(editReason("")).toBeUndefined();
    expect(editReason(" \n\t ")).toBeUndefined();
  });

  it("cuts long text at MAX_REASON characters without splitting one", () => {
    const long = "🙂".repeat(MAX_REASON + 10);
    const kept = editReason(long)!;
    expect(Array.from(kept)).toHaveLength(MAX_REASON);
    expect(kept).toBe("🙂".repeat(MAX_REASON));
  });
});
