import { describe, expect, it } from "vitest";
import { Settings } from "../../../schemas/src/settings";
import { splitSteps } from "../../../extension/src/data/split-steps";

describe("splitSteps", () => {
  it("splits on blank lines by default, however many newlines and spaces make them", () => {
    expect(splitSteps("One.\n\nTwo.\n \n\nThree.")).toEqual(["One.", "Two.", "Three."]);
  });

  it("splits on any other separator exactly, dropping empty steps", () => {
    expect(splitSteps("a ## b ##  ## c", "##")).toEqual(["a", "b", "c"]);
  });

  it("takes an empty separator for the default rather than one step per character", () => {
    expect(splitSteps("One.\n\nTwo.", "")).toEqual(["One.", "Two."]);
    expect(Settings.safeParse({ "curation.stepSeparator": "" }).success).toBe(false);
  });
});
