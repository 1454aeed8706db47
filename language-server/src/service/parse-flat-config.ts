// A fast path for the shape nearly every AgentArk method config has: top-level `key: value` lines,
// comments, blank lines and block lists of single-line scalars. For a 120-character config the
// `yaml` library spends ~60 µs building its document, most of a keystroke's round trip; this reads
// such a file in a few microseconds and hands the validator the same `yaml` node objects
// (YAMLMap, Pair, YAMLSeq, Scalar with the same ranges and values). Scalars are resolved by the
// `yaml` library's own YAML 1.1 tags, so `yes`, `0x1F` or `1:30` mean what they mean there.
//
// Anything outside that shape (nested maps, flow collections, anchors, tags, escapes, multi-line
// scalars, tabs, a CR outside CRLF, empty values, odd keys) returns undefined and the caller parses with `yaml`.
// test/unit/language-server/parse-flat-config.test.ts checks both paths agree on every shipped and
// sample config and on thousands of generated ones.
import { isScalar, parseDocument, Pair, Scalar, YAMLMap, YAMLSeq, type Document } from "yaml";

export interface FlatConfig {
  readonly map: YAMLMap;
  /** What `doc.toJS()` returns for the same text. */
  readonly data: Record<string, unknown>;
}

interface Resolver {
  readonly doc: Document;
  readonly tags: readonly {
    default?: boolean | "key";
    test?: RegExp;
    format?: string;
    resolve: (value: string, onError: (msg: string) => void, options: object) => unknown;
  }[];
}

let resolver: Resolver | undefined;

/** The schema and options `parseConfig` gets from `yaml` for version 1.1, built once. */
function yaml11(): Resolver {
  if (!resolver) {
    const doc = parseDocument("", { version: "1.1", logLevel: "error" });
    resolver = { doc, tags: doc.schema.tags as unknown as Resolver["tags"] };
  }
  return resolver;
}

// Key: a plain identifier. Value: a double- or single-quoted string without escapes or inner
// quotes, or a plain scalar that starts with no indicator (`-`, `?`, `:` only before a non-space)
// and holds no `: ` and no ` #`; then an optional comment.
const PAIR =
  /^([A-Za-z_][A-Za-z0-9_-]*)( *):(?:( +)(?:("[^"\\]*"|'[^']*')|((?:[^-?:,[\]{}#&*!|>'"%@` ]|[-?:][^ ])(?:[^ #:]|:(?! |$)| (?! |#)(?!$)|(?<! )#)*)))?( +#.*| *)$/;
const ITEM =
  /^( *)- +(?:("[^"\\]*"|'[^']*')|((?:[^-?:,[\]{}#&*!|>'"%@` ]|[-?:][^ ])(?:[^ #:]|:(?! |$)| (?! |#)(?!$)|(?<! )#)*))( +#.*| *)$/;
const SKIP = /^ *(?:#.*)?$/;

/** Reads a flat method config, or returns undefined when the text needs the full `yaml` parser. */
export function parseFlatConfig(text: string): FlatConfig | undefined {
  // Printable text in lines ending LF or CRLF; a CR anywhere else ends a line for YAML.
  if (/[^\n\r\x20-\x7e\u00a0-\ud7ff\ue000-\ufefe\uff00-\ufffc]|\r(?!\n)/.test(text))
    return undefined;
  const { tags, doc } = yaml11();
  const map = new YAMLMap();
  const data: Record<string, unknown> = {};
  // The open block list; `end` is where yaml ends it: after the last item's line and any comment
  // lines right below it indented deeper than its dash (blank lines between them allowed).
  let seq:
    | { node: YAMLSeq; indent: number; values: unknown[]; end: number; extending: boolean }
    | undefined;
  let pending: { pair: Pair<Scalar, YAMLSeq | null>; name: string } | undefined;
  let ok = true;

  const scalar = (raw: string, quoted: boolean, start: number): Scalar | undefined => {
    const str = quoted ? raw.slice(1, -1) : raw;
    let node: Scalar;
    if (quoted) node = new Scalar(str);
    else {
      const tag = tags.find((t) => t.default === true && t.test?.test(str));
      if (!tag) node = new Scalar(str);
      else {
        const res = tag.resolve(str, () => (ok = false), doc.options);
        if (!ok) return undefined;
        node = isScalar(res) ? res : new Scalar(res);
        if (tag.format) node.format = tag.format;
      }
    }
    node.range = [start, start + raw.length, start + raw.length];
    node.source = str;
    node.type = quoted ? (raw[0] === '"' ? "QUOTE_DOUBLE" : "QUOTE_SINGLE") : "PLAIN";
    return node;
  };

  const closeSeq = (): boolean => {
    if (pending) {
      if (!seq) return false; // `key:` with nothing under it: the null value's range is the parser's to say.
      data[pending.name] = seq.values;
      seq.node.range = [seq.node.range![0], seq.end, seq.end];
      pending = undefined;
      seq = undefined;
    }
    return true;
  };

  for (let start = 0; start < text.length;) {
    const nl = text.indexOf("\n", start);
    const lineEnd = nl < 0 ? text.length : nl;
    const line = text.slice(start, text[lineEnd - 1] === "\r" ? lineEnd - 1 : lineEnd);
    const next = nl < 0 ? text.length : nl + 1;
    if (SKIP.test(line)) {
      const hash = line.indexOf("#");
      if (seq?.extending && hash >= 0) {
        if (hash > seq.indent) seq.end = next;
        else seq.extending = false;
      }
      start = next;
      continue;
    }
    const item = pending ? ITEM.exec(line) : null;
    if (item) {
      const indent = item[1]!.length;
      if (seq && seq.indent !== indent) return undefined;
      const raw = item[2] ?? item[3]!;
      const node = scalar(raw, item[2] !== undefined, start + line.indexOf(raw, indent + 1));
      if (!node) return undefined;
      if (!seq) {
        seq = { node: new YAMLSeq(), indent, values: [], end: 0, extending: true };
        seq.node.range = [start + indent, 0, 0];
        pending!.pair.value = seq.node;
      }
      seq.node.items.push(node);
      seq.values.push(node.value);
      seq.end = next;
      seq.extending = true;
      start = next;
      continue;
    }
    const pair = PAIR.exec(line);
    if (!pair || !closeSeq()) return undefined;
    const name = pair[1]!;
    if (name === "__proto__") return undefined;
    const key = scalar(name, false, start);
    if (!key || typeof key.value !== "string") return undefined;
    const raw = pair[4] ?? pair[5];
    if (raw === undefined) {
      const entry = new Pair<Scalar, YAMLSeq | null>(key, null);
      map.items.push(entry);
      pending = { pair: entry, name };
    } else {
      const at = start + name.length + pair[2]!.length + 1 + pair[3]!.length;
      const value = scalar(raw, pair[4] !== undefined, at);
      if (!value) return undefined;
      map.items.push(new Pair(key, value));
      data[name] = value.value;
    }
    start = next;
  }
  if (!closeSeq() || map.items.length === 0) return undefined;
  // Nothing reads the top-level map's range (the checks use its pairs); it runs to the end.
  map.range = [(map.items[0]!.key as Scalar).range![0], text.length, text.length];
  return { map, data };
}
