// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { plainText } from "../../../webview/src/render/plain-text";

/** [what, record text, what the record list shows] */
const CASES: readonly [string, string, string][] = [
  [
    "math loses its dollars, Markdown its marks",
    "Let $f(x) = 6x^2 + 5x - 7$. Find **the sum** of the `roots`.",
    "Let f(x) = 6x² + 5x − 7. Find the sum of the roots.",
  ],
  [
    "display math reads as text",
    "Evaluate $$\\int_0^{8} (7t + 1)\\,dt.$$",
    "Evaluate ∫₀⁸ (7t + 1) dt.",
  ],
  ["fractions", "$\\frac{1}{2} + \\frac{x+1}{3}$", "1/2 + (x + 1)/3"],
  ["a fraction raised to a power", "$\\frac{a}{b}^2$", "(a/b)²"],
  ["roots and Greek", "$\\sqrt{x+1} \\le \\alpha_{12}$", "√(x + 1) ≤ α₁₂"],
  ["a sum's bounds", "$\\sum_{i=1}^{n} i^2$", "∑_(i=1)ⁿ i²"],
  ["a sign after a relation", "$x = -3$", "x = −3"],
  ["boxed answers and text", "$\\boxed{42\\text{ km}}$", "42 km"],
  ["sets", "$x \\in \\mathbb{R}$", "x ∈ ℝ"],
  [
    "named operators",
    "$\\lim_{x \\to 0} \\frac{\\sin x}{x} + \\log_2 8$",
    "lim_(x→0) (sin x)/x + log₂ 8",
  ],
  ["modular arithmetic", "$n \\equiv 3 \\pmod{7}$", "n ≡ 3 (mod 7)"],
  ["scripts without a Unicode form", "$e^{i\\pi} + x_{n+1}$", "e^(iπ) + x_(n+1)"],
  ["a cube root", "$\\sqrt[3]{8}$", "³√8"],
  ["binomials", "$\\binom{5}{2}$", "(5 choose 2)"],
  ["a matrix", "$\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}$", "(1, 2; 3, 4)"],
  ["TeX that does not parse stays", "$\\frac{1}{$ left", "\\frac{1}{ left"],
  [
    "an untrusted link stays as source",
    "$\\href{javascript:alert(1)}{x}$",
    "\\href{javascript:alert(1)}{x}",
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
