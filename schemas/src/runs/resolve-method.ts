/** What `inference.py --method_name` ends up constructing (`methods/__init__.py:44-65`). */
export type MethodResolution =
  | { readonly kind: "resolved"; readonly method: string; readonly ambiguous: readonly string[] }
  | { readonly kind: "value-error" }
  | { readonly kind: "key-error"; readonly candidates: readonly string[] };

/**
 * AgentArk's resolution, step by step: keys containing the lower-cased name; none → ValueError;
 * with a dataset, the candidates whose last `_` token occurs in the lower-cased dataset name win,
 * first in registry order; otherwise the lower-cased name indexes `method2class` directly, which
 * raises KeyError when it was only a partial match. `registry` must be in `method2class` order.
 */
export function resolveMethod(
  name: string,
  dataset: string | undefined,
  registry: readonly string[],
): MethodResolution {
  const lower = name.toLowerCase();
  const candidates = registry.filter((key) => key.includes(lower));
  if (candidates.length === 0) return { kind: "value-error" };
  if (dataset !== undefined) {
    const ds = dataset.toLowerCase();
    const matched = candidates.filter((c) => ds.includes(c.split("_").pop() ?? c));
    const first = matched[0];
    if (first !== undefined)
      return { kind: "resolved", method: first, ambiguous: matched.length > 1 ? matched : [] };
  }
  if (registry.includes(lower)) return { kind: "resolved", method: lower, ambiguous: [] };
  return { kind: "key-error", candidates };
}
