import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from "yaml";
import type { Span } from "../service/locate";

/** A node of the run file reached by string keys (list items by their index as a string). */
export interface PathHit {
  readonly path: readonly string[];
  readonly target: "key" | "value";
  readonly span: Span;
}

/**
 * The span of the key or value at `path` (any depth, block or flow style). When the path ends
 * early (a key is missing), the deepest key that exists stands in, so a finding still shows.
 */
export function locatePath(
  root: YAMLMap,
  path: readonly string[],
  target: "key" | "value",
): Span | undefined {
  let map: unknown = root;
  let fallback: Span | undefined;
  for (let i = 0; i < path.length; i++) {
    if (!isMap(map)) return fallback;
    const pair = (map.items as Pair<Node, Node | null>[]).find(
      (p) => isScalar(p.key) && String(p.key.value) === path[i],
    );
    const keyRange = pair?.key?.range;
    if (!pair || !keyRange) return fallback;
    const keySpan: Span = [keyRange[0], keyRange[1]];
    fallback = keySpan;
    if (i === path.length - 1) {
      if (target === "key") return keySpan;
      const valueRange = pair.value?.range;
      return valueRange && valueRange[1] > valueRange[0] ? [valueRange[0], valueRange[1]] : keySpan;
    }
    map = pair.value;
  }
  return fallback;
}

/** The innermost key or scalar value under `offset`, with its path from the root. */
export function pathAt(root: YAMLMap, offset: number): PathHit | undefined {
  return hitIn(root, [], offset);
}

function hitIn(node: unknown, path: readonly string[], offset: number): PathHit | undefined {
  if (isMap(node)) {
    for (const pair of node.items as Pair<Node, Node | null>[]) {
      if (!isScalar(pair.key) || !pair.key.range) continue;
      const name = String(pair.key.value);
      const [ks, ke] = pair.key.range;
      if (offset >= ks && offset <= ke)
        return { path: [...path, name], target: "key", span: [ks, ke] };
      const inner = hitIn(pair.value, [...path, name], offset);
      if (inner) return inner;
    }
    return undefined;
  }
  if (isSeq(node)) {
    for (const [i, item] of node.items.entries()) {
      const inner = hitIn(item, [...path, String(i)], offset);
      if (inner) return inner;
    }
    return undefined;
  }
  if (isScalar(node) && node.range && offset >= node.range[0] && offset <= node.range[1])
    return { path, target: "value", span: [node.range[0], node.range[1]] };
  return undefined;
}

/**
 * Keys that repeat within one mapping, at any depth: the YAML loader keeps the last silently, so
 * a second run with the same name would replace the first without a word.
 */
export function duplicateKeys(node: unknown): { name: string; span: Span }[] {
  const found: { name: string; span: Span }[] = [];
  if (isMap(node)) {
    const seen = new Set<string>();
    for (const pair of node.items as Pair<Node, Node | null>[]) {
      if (isScalar(pair.key) && pair.key.range) {
        const name = String(pair.key.value);
        if (seen.has(name)) found.push({ name, span: [pair.key.range[0], pair.key.range[1]] });
        seen.add(name);
      }
      found.push(...duplicateKeys(pair.value));
    }
  } else if (isSeq(node)) {
    for (const item of node.items) found.push(...duplicateKeys(item));
  }
  return found;
}
