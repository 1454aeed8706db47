import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from "yaml";

/** Character offsets `[start, end)` of a node in the text. */
export type Span = readonly [number, number];

/** A top-level pair whose key is a plain string. */
export interface KeyedPair {
  readonly name: string;
  readonly pair: Pair<Node, Node | null>;
  readonly keySpan: Span;
}

// Parsed documents are never modified, so one list per map serves every check, lookup and feature.
const keyedPairsOf = new WeakMap<YAMLMap, readonly KeyedPair[]>();

/** The top-level pairs whose key is a plain string, in file order. */
export function keyedPairs(map: YAMLMap): readonly KeyedPair[] {
  const cached = keyedPairsOf.get(map);
  if (cached) return cached;
  const result: KeyedPair[] = [];
  for (const pair of map.items as Pair<Node, Node | null>[]) {
    const key = pair.key;
    if (!isScalar(key) || key.range == null) continue;
    result.push({ name: String(key.value), pair, keySpan: [key.range[0], key.range[1]] });
  }
  keyedPairsOf.set(map, result);
  return result;
}

/** The span of the node at `path` (top-level key, then list indexes), key or value. */
export function locate(
  map: YAMLMap,
  path: readonly (string | number)[],
  target: "key" | "value",
): Span | undefined {
  const [head, ...rest] = path;
  const entry = keyedPairs(map).find((p) => p.name === head);
  if (!entry) return undefined;
  if (rest.length === 0 && target === "key") return entry.keySpan;
  let node: unknown = entry.pair.value;
  for (const step of rest) {
    if (isSeq(node) && typeof step === "number") node = node.items[step];
    else if (isMap(node))
      node = node.items.find((p) => isScalar(p.key) && p.key.value === step)?.value;
    else return undefined;
  }
  const range = (node as Node | null | undefined)?.range;
  if (range) return [range[0], Math.max(range[1], range[0])];
  return rest.length === 0 ? entry.keySpan : undefined;
}
