import { describe, expect, it } from "vitest";
import { preview } from "../../../extension/src/curation-editor/record-summary";

const naive = (text: string) => text.replace(/\s+/g, " ").trim().slice(0, 160);

describe("preview", () => {
  it("equals collapsing, trimming and cutting the whole text, for any text", () => {
    // Whitespace-heavy texts around the lengths where the prefix is doubled, so a run of
    // whitespace or the end of the text falls at every boundary.
    const parts = [
      " ",
      "\n\n",
      "\t",
      "   ",
      "a",
      "word",
      "é",
      "😀",
      "\u00a0",
      "\u2028",
      "x".repeat(150),
    ];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    for (let n = 0; n < 3000; n++) {
      let text = "";
      const target = Math.floor(next() * 1400);
      while (text.length < target) text += parts[Math.floor(next() * parts.length)];
      expect(preview(text), JSON.stringify(text)).toBe(naive(text));
    }
    for (const text of [
      "",
      "   ",
      " a ",
      `${" ".repeat(1000)}b`,
      `a${" ".repeat(700)}`,
      "y".repeat(5000),
      // Exactly the preview's length once collapsed, then only whitespace: the end trim matters.
      `${"a".repeat(159)}${" ".repeat(500)}`,
    ])
      expect(preview(text)).toBe(naive(text));
  });
});
