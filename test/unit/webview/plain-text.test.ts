import { describe, expect, it } from "vitest";
import { plainText } from "../../../webview/src/render/plain-text";

/** [what, record text, what the record list shows] */
const CASES: readonly [string, string, string][] = [
  [
    "math loses its dollars, Markdown its marks",
    "Let $f(x) = 6x^2 + 5x - 7$. Find **the sum** of the `roots`.",
    "Let f(x) = 6x^2 + 5x - 7. Find the sum of the roots.",
  ],
  [
    "display math keeps its TeX",
    "Evaluate $$\\int_0^{8} (7t + 1)\\,dt.$$",
    "Evaluate \\int_0^{8} (7t + 1)\\,dt.",
  ],
  [
    "links and images keep their words",
    "See [the table](https://example.com) and ![a plot](x.png)",
    "See the table and a plot",
  ],
  [
    "money keeps its dollars",
    "A jacket costs $124. In a sale it is $30 less.",
    "A jacket costs $124. In a sale it is $30 less.",
  ],
  [
    "an unclosed dollar stays",
    "cut off in the middle: $f(x) = 6x^2 +",
    "cut off in the middle: $f(x) = 6x^2 +",
  ],
  [
    "HTML stays text",
    "<img src=x onerror=alert(1)> & 5 < 6",
    "<img src=x onerror=alert(1)> & 5 < 6",
  ],
];

describe("plainText (record list previews)", () => {
  it.each(CASES)("%s", (_, text, shown) => {
    expect(plainText(text)).toBe(shown);
  });
});
