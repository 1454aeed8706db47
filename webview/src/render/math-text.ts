import katex from "katex";

/**
 * TeX as one line of Unicode text, for the record list: `\frac{1}{2}` → `1/2`, `x^2` → `x²`,
 * `\sqrt{x+1} \le \alpha` → `√(x+1) ≤ α`. KaTeX resolves the TeX (macros, symbols, fonts) into
 * MathML, and the walk below reads that tree as text; drawing the MathML itself costs dozens of
 * DOM nodes a formula, against the list's budget. TeX KaTeX cannot or will not draw (a parse
 * error, untrusted `\href`) stays as source.
 */
export function mathText(tex: string): string {
  let markup: string;
  try {
    markup = katex.renderToString(tex, {
      output: "mathml",
      throwOnError: true,
      trust: false,
      strict: "ignore",
      errorColor: ERROR_COLOR,
      maxSize: 20,
      maxExpand: 200,
    });
  } catch {
    return tex;
  }
  // KaTeX writes well-formed XML (MathML's empty elements close themselves), and an XML document
  // is inert: nothing in it runs or loads.
  const doc = new DOMParser().parseFromString(markup, "application/xml");
  const math = doc.getElementsByTagNameNS(MATHML, "semantics")[0]?.firstElementChild;
  if (!math) return tex;
  try {
    return text(math).replace(/\s+/g, " ").trim();
  } catch (err) {
    if (err === UNDRAWN) return tex;
    throw err;
  }
}

/** KaTeX draws commands it refuses (`\href` without trust) in this colour. */
const ERROR_COLOR = "#cc0000";
const UNDRAWN = new Error("undrawn TeX");
const MATHML = "http://www.w3.org/1998/Math/MathML";

/** Operators read with a space each side, as people type them. */
const SPACED = new Set("=<>+−±∓×÷⋅·≤≥≠≈≡∼≅∝→←↔⇒⇐⇔∈∉⊂⊆⊃⊇∪∩∧∨".split(""));

/** Characters with a Unicode superscript or subscript form, and that form. */
const SUPERSCRIPT = forms("0123456789+−-=()ni′″", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱ′″");
const SUBSCRIPT = forms("0123456789+−-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎");

function forms(plain: string, script: string): Map<string, string> {
  const to = Array.from(script);
  return new Map(Array.from(plain, (c, i) => [c, to[i] ?? c]));
}

/** \mathbb's sets, which KaTeX leaves as a plain letter with a `mathvariant`. */
const DOUBLE_STRUCK: Record<string, string> = { N: "ℕ", Z: "ℤ", Q: "ℚ", R: "ℝ", C: "ℂ", P: "ℙ" };

function text(el: Element): string {
  const kids = Array.from(el.children);
  const at = (i: number) => (kids[i] ? text(kids[i]) : "");
  switch (el.localName) {
    case "mi":
      return el.getAttribute("mathvariant") === "double-struck"
        ? Array.from(el.textContent ?? "", (c) => DOUBLE_STRUCK[c] ?? c).join("")
        : (el.textContent ?? "");
    case "mn":
    case "mtext":
    case "ms":
      return el.textContent ?? "";
    case "mo":
      return operator(el);
    case "mfrac":
      return el.getAttribute("linethickness") === "0px"
        ? `${at(0)} choose ${at(1)}` // \binom: KaTeX wraps it in parentheses
        : `${grouped(at(0))}/${grouped(at(1))}`;
    case "msqrt":
      return `√${grouped(kids.map(text).join(""))}`;
    case "mroot":
      return `${script(at(1), SUPERSCRIPT, "^")}√${grouped(at(0))}`;
    case "msup":
      return bounded(base(kids[0]), script(at(1), SUPERSCRIPT, "^"));
    case "msub":
      return bounded(base(kids[0]), script(at(1), SUBSCRIPT, "_"));
    case "msubsup":
      return bounded(
        base(kids[0]),
        script(at(1), SUBSCRIPT, "_") + script(at(2), SUPERSCRIPT, "^"),
      );
    case "munder":
      return el.getAttribute("accentunder") === "true"
        ? at(0)
        : bounded(at(0), script(at(1), SUBSCRIPT, "_"));
    case "mover":
      // An accent (\hat, \bar, \vec, \overline) marks its base; the base is what reads.
      return el.getAttribute("accent") === "true" ? at(0) : at(0) + script(at(1), SUPERSCRIPT, "^");
    case "munderover":
      return bounded(at(0), script(at(1), SUBSCRIPT, "_") + script(at(2), SUPERSCRIPT, "^"));
    case "mtable":
      return kids.map(text).join("; ");
    case "mtr":
      return kids.map(text).join(", ");
    case "mphantom":
    case "annotation":
    case "annotation-xml":
      return "";
    case "mspace":
      // A thick space (`\;`, `\quad`, around `\pmod`) reads as one; thinner ones as none.
      return Number.parseFloat(el.getAttribute("width") ?? "0") >= 0.27 ? " " : "";
    case "mstyle":
      if (el.getAttribute("mathcolor") === ERROR_COLOR) throw UNDRAWN;
      return row(kids);
    default:
      // mrow, mpadded, menclose (\boxed), mtd, mstyle, semantics...: their children in a row.
      return row(kids);
  }
}

/** A script's base: `(a/b)²`, not `a/b²`. */
function base(el: Element | undefined): string {
  if (!el) return "";
  const t = text(el);
  return el.localName === "mfrac" || el.localName === "mroot" ? `(${t})` : t;
}

/** `∑_(i=1)ⁿ i²`, `log₂ 8`: the bounds of a big operator or a named one (`\lim`, `\log`) end
 * before what it acts on. */
function bounded(base: string, scripts: string): string {
  const name = base.trim();
  return /^([∑∏∐∫∬∭∮⋃⋂⋁⋀]|\p{L}{2,})$/u.test(name) ? `${name}${scripts} ` : base + scripts;
}

/** A row, with spaces around binary operators and relations that have something on their left. */
function row(kids: Element[]): string {
  let out = "";
  let operand = false; // the row so far ends in something an operator can act on
  for (const kid of kids) {
    const t = text(kid);
    const spaced = kid.localName === "mo" && SPACED.has(t);
    out += spaced && operand ? ` ${t} ` : t;
    if (t.trim() !== "")
      operand = !spaced && !(kid.localName === "mo" && /^[([{|,]$/.test(t.trim()));
  }
  return out;
}

function operator(el: Element): string {
  const t = el.textContent ?? "";
  // U+2061 (function application, after \sin or \operatorname) is invisible: a space reads.
  if (t === "\u2061") return " ";
  if (t === ",") return ", ";
  return t;
}

/** `x+1` as a fraction's part or a root's body needs parentheses to keep its meaning. */
function grouped(t: string): string {
  const bare = t.trim();
  return /^[\p{L}\p{N}.′]+$/u.test(bare) || enclosed(bare) ? bare : `(${bare})`;
}

/** `(a+b)` is enclosed; `(a)+(b)` is not. */
function enclosed(t: string): boolean {
  if (!t.startsWith("(") || !t.endsWith(")")) return false;
  let depth = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i] === "(") depth++;
    else if (t[i] === ")" && --depth === 0 && i < t.length - 1) return false;
  }
  return depth === 0;
}

/** `2` → `²` where every character has a Unicode script form, else `^2` / `^(n+1)`. */
function script(t: string, form: Map<string, string>, mark: string): string {
  const bare = t.replace(/\s+/g, "");
  if (bare === "") return "";
  const chars = Array.from(bare);
  if (chars.every((c) => form.has(c))) return chars.map((c) => form.get(c)).join("");
  return mark + (chars.length === 1 || enclosed(bare) ? bare : `(${bare})`);
}
