/**
 * The closest candidate to a misspelled flag, host or run name, or undefined. Names with the same
 * set of `_`-separated words match first (`samples_max` → `max_samples`), then small edit distances.
 * schemas/ imports nothing but zod, so this repeats the language server's rule with its own
 * edit distance.
 */
export function didYouMeanName(name: string, candidates: Iterable<string>): string | undefined {
  const words = wordSet(name);
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const cw = wordSet(candidate);
    if (cw.size === words.size && [...cw].every((w) => words.has(w))) return candidate;
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestScore) {
      bestScore = d;
      best = candidate;
    }
  }
  const limit = Math.max(2, Math.floor(name.length / 3));
  return bestScore <= limit ? best : undefined;
}

function wordSet(name: string): Set<string> {
  return new Set(
    name
      .toLowerCase()
      .split(/[_\-\s]+/)
      .filter(Boolean),
  );
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(
        Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
