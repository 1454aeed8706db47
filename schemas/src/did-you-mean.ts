import { distance } from "fastest-levenshtein";

/**
 * The closest candidate to a misspelled key, flag, host or run name, or undefined. Names whose `_`-separated words are
 * the same set match first (`num_rounds` for `rounds_num`), then small edit distances.
 */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const words = wordSet(name);
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const cw = wordSet(candidate);
    if (cw.size === words.size && [...cw].every((w) => words.has(w))) return candidate;
    const d = distance(name.toLowerCase(), candidate.toLowerCase());
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
