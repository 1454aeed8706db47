import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isMap, isScalar, isSeq } from "yaml";
import { parseConfig } from "../../../language-server/src/service/parse-config";
import { parseFlatConfig } from "../../../language-server/src/service/parse-flat-config";
import { SHIPPED } from "../config-fixture";

const ROOT = join(import.meta.dirname, "../../..");

/** What the language server reads off the nodes: kinds, values, the first two range offsets, styles. */
function shape(node: unknown): unknown {
  if (node === null || node === undefined) return node;
  if (isMap(node)) {
    return { map: node.items.map((p) => [shape(p.key), shape(p.value)]), flow: node.flow };
  }
  if (isSeq(node)) {
    return { seq: node.items.map(shape), range: node.range?.slice(0, 2), flow: node.flow };
  }
  if (isScalar(node)) {
    const { value, type, source, format, tag } = node;
    return { value, range: node.range?.slice(0, 2), type, source, format, tag };
  }
  return { other: typeof node };
}

/** Asserts the fast path either declines `text` or agrees with the `yaml` library; true if it took it. */
function agrees(text: string): boolean {
  const fast = parseFlatConfig(text);
  if (!fast) return false;
  const full = parseConfig(text, "1.1", { flatFastPath: false });
  const label = JSON.stringify(text);
  expect(full.problems, label).toEqual([]);
  expect(full.map, label).toBeDefined();
  expect(shape(fast.map), label).toEqual(shape(full.map));
  expect(fast.map.range?.[0], label).toBe(full.map!.range?.[0]);
  expect(fast.data, label).toEqual(full.data);
  // And parseConfig itself takes the fast path for it.
  expect(parseConfig(text).doc, label).toBeUndefined();
  return true;
}

function configsUnder(root: string): string[] {
  const methods = join(root, "methods");
  return readdirSync(methods).flatMap((dir) => {
    const configs = join(methods, dir, "configs");
    try {
      return readdirSync(configs)
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => join(configs, f));
    } catch {
      return [];
    }
  });
}

/** A small deterministic PRNG (mulberry32), so a failure names a reproducible case. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Values YAML 1.1 reads in different ways and quoting styles (most files draw only these), then
// indicators, escapes and look-alikes that send a file to the full parser.
const VALUES = [
  "0",
  "-1",
  "+12",
  "017",
  "0o17",
  "0x1F",
  "0b101",
  "1_000",
  "1:30",
  "190:20:30",
  "3.0",
  ".5",
  "-.inf",
  ".NaN",
  "1e3",
  "6.8523015e+5",
  "1_000.5",
  "1:30.5",
  "yes",
  "No",
  "TRUE",
  "on",
  "Off",
  "y",
  "N",
  "~",
  "null",
  "Null",
  "NULL",
  "listwise",
  "PhD Student",
  "TERMINATE",
  "open-ended",
  "Python3",
  "a#b",
  "it's",
  '"quoted"',
  "'single'",
  '"with # hash"',
  "'a: b'",
  '""',
  "''",
  "a:b",
  "http://x.y/z",
  "2001-12-14",
  "2001-12-14t21:59:43.10-05:00",
  "Sofía",
  "café au lait",
  "-.5",
  "0.0",
  "1.0e-3",
  "=",
  "a,b",
  "a]b",
  "--x",
  "?x",
  ":x",
  "x!",
  "a&b",
  "a*b",
  "<<",
];
const TRICKY_VALUES = [
  "-",
  "[a, b]",
  "{a: 1}",
  "&anchor x",
  "*alias",
  "!tag x",
  "|",
  ">",
  "@x",
  "`x",
  "%x",
  '"esc\\"aped"',
  "'it''s'",
  "a  b",
  "a: b",
  "a:",
  "x # y",
  "- x",
  '"a b"c',
  "x\ty",
  "caf\u00e9\u2028x",
  "\u00a0x",
  "\u{1F600}",
];
const KEYS = [
  "num_agents",
  "roles",
  "k",
  "t",
  "agent_num",
  "_x",
  "a-b",
  "constructor",
  "toString",
  "inf",
  "k1",
  "Key",
];
const TRICKY_KEYS = [
  "yes",
  "no",
  "on",
  "true",
  "null",
  "y",
  "Y",
  "__proto__",
  "a.b",
  "1",
  "-k",
  "k k",
];
const COMMENTS = ["", "", "", "  # note", " #x", "   # Random seed: 0", "#x", " # a: b"];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

function generate(seed: number): string {
  const r = rng(seed);
  const value = () => (r() < 0.04 ? pick(r, TRICKY_VALUES) : pick(r, VALUES));
  const lines: string[] = [];
  const n = 1 + Math.floor(r() * 8);
  for (let i = 0; i < n; i++) {
    const roll = r();
    if (roll < 0.1) lines.push(pick(r, ["", "   ", "# comment", "  # indented", "    # deep"]));
    const key = r() < 0.03 ? pick(r, TRICKY_KEYS) : pick(r, KEYS);
    const colon = pick(r, [":", ":", ":", " :", "  :"]);
    if (roll < 0.35) {
      // A block list, maybe with comments and blank lines among and after its items.
      lines.push(`${key}${colon}${pick(r, ["", "", " ", " # list"])}`);
      const indent = " ".repeat(pick(r, [0, 2, 2, 4]));
      const items = Math.floor(r() * 5);
      for (let j = 0; j < items; j++) {
        if (r() < 0.15) lines.push(pick(r, ["", "  ", "# c", "  # c", "    # c", "      # c"]));
        const dashIndent = r() < 0.05 ? " " : indent;
        lines.push(`${dashIndent}-${pick(r, [" ", " ", "  "])}${value()}${pick(r, COMMENTS)}`);
      }
      if (r() < 0.3) lines.push(pick(r, ["", "  ", "# c", "  # c", "    # c", "      # c"]));
    } else if (roll < 0.37) {
      lines.push(
        pick(r, ["---", "...", "  sub: 1", "\tk: 1", "k: 1\r", "  continued", "%YAML 1.1"]),
      );
    } else {
      const space = pick(r, [" ", " ", " ", "  ", " ", " ", ""]);
      lines.push(`${key}${colon}${space}${value()}${pick(r, COMMENTS)}${pick(r, ["", "", " "])}`);
    }
  }
  const text = lines.join("\n") + pick(r, ["\n", "\n", "", "\n\n"]);
  // A file saved with Windows line endings, now and then.
  return r() < 0.25 ? text.replace(/\n/g, "\r\n") : text;
}

describe("the flat-config fast path", () => {
  it("takes every config AgentArk ships, LF or CRLF, and reads it as the yaml library does", () => {
    const files = configsUnder(SHIPPED);
    expect(files.length).toBe(17);
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      expect(agrees(text), file).toBe(true);
      expect(agrees(text.replace(/\n/g, "\r\n")), `${file} with CRLF`).toBe(true);
    }
  });

  it("agrees with the yaml library on the sample workspace's configs it takes", () => {
    const files = configsUnder(join(ROOT, "samples/workspace"));
    expect(files.length).toBeGreaterThan(10);
    const taken = files.filter((f) => agrees(readFileSync(f, "utf8")));
    // Most samples are flat; the ones with deliberate YAML errors go to the full parser.
    expect(taken.length).toBeGreaterThan(files.length / 2);
  });

  it("takes a 2,000-line list with indented comment lines between its items", () => {
    const items = Array.from({ length: 2000 }, (_, i) =>
      i % 25 === 0 ? `  # --- role block ${i / 25}` : `  - "Role${i % 8}"`,
    );
    const text = ["# header", "num_agents: 4", "roles:", ...items, ""].join("\n");
    expect(agrees(text)).toBe(true);
    expect(agrees(`${text}    # trailing deeper comment\n\n  # at the dash\n`)).toBe(true);
  });

  it("agrees with the yaml library on 20,000 generated configs, or declines them", () => {
    let taken = 0;
    const N = 20_000;
    for (let seed = 1; seed <= N; seed++) if (agrees(generate(seed))) taken++;
    // The generator is meant to reach the fast path often, not only its fallbacks.
    expect(taken).toBeGreaterThan(N * 0.25);
  });

  it("declines what only the full parser can answer", () => {
    for (const text of [
      "",
      "# only a comment\n",
      "k:\n",
      "k:\nm: 1\n",
      "k: &a 1\nm: *a\n",
      "k: [1, 2]\n",
      "k:\n  sub: 1\n",
      "k: 1\n---\nm: 2\n",
      "k: 1\rm: 2\n",
      "k: 1\n\r",
      "k:\t1\n",
      "k: 'it''s'\n",
      'k: "a\\tb"\n',
      "k: a\n  b\n",
      "yes: 1\n",
      "__proto__: 1\n",
      "k: |\n  text\n",
      "\ufeffk: 1\n",
    ]) {
      expect(parseFlatConfig(text), JSON.stringify(text)).toBeUndefined();
    }
  });
});
