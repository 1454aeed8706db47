/**
 * Cohen's kappa for a 2x2 table `[judge][human]` (index 0 incorrect, 1 correct): agreement beyond
 * chance. null when there is nothing to compare or chance agreement is total.
 */
export function cohenKappa(
  table: readonly [readonly [number, number], readonly [number, number]],
): number | null {
  const [[a, b], [c, d]] = table;
  const n = a + b + c + d;
  if (n === 0) return null;
  const observed = (a + d) / n;
  const judgeCorrect = (c + d) / n;
  const humanCorrect = (b + d) / n;
  const expected = judgeCorrect * humanCorrect + (1 - judgeCorrect) * (1 - humanCorrect);
  if (expected === 1) return null;
  return (observed - expected) / (1 - expected);
}

/** Landis & Koch's words for a kappa. */
export function kappaWords(k: number): string {
  if (k < 0) return "worse than chance";
  if (k <= 0.2) return "slight";
  if (k <= 0.4) return "fair";
  if (k <= 0.6) return "moderate";
  if (k <= 0.8) return "substantial";
  return "almost perfect";
}

export function histogram(values: Iterable<number>, bins: number, min = -1, max = 1): number[] {
  const out = new Array<number>(bins).fill(0);
  const width = (max - min) / bins;
  for (const v of values) {
    const i = Math.min(bins - 1, Math.max(0, Math.floor((v - min) / width)));
    out[i] = (out[i] ?? 0) + 1;
  }
  return out;
}
