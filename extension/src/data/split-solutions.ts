/** One part of an inference `response`, numbered as label.py numbers it. */
export interface ResponsePart {
  id: number;
  text: string;
}

export const VLLM_FIRST_HEADER = "===== Solution 1 =====";
export const VLLM_HEADER = /===== Solution \d+ =====/;
export const HTTP_HEADER = /Solution (\d+):/g;

/**
 * Splits an inference `response` into solutions exactly as label.py's `split_solutions` does
 * (agentark-reference.md §4.2), so ids match the labeled file: with the vLLM header
 * `===== Solution 1 =====` present, split on every `===== Solution n =====`, drop parts that are
 * empty after trimming and renumber 1..k; otherwise split on `Solution n:` headers anywhere in the
 * text, keeping their numbers and dropping the text before the first; with no header at all, the
 * whole response is solution 1. Texts are trimmed.
 */
export function splitSolutions(response: string): ResponsePart[] {
  if (response.includes(VLLM_FIRST_HEADER)) {
    return response
      .split(VLLM_HEADER)
      .map((p) => p.trim())
      .filter((p) => p.length > 0)
      .map((text, i) => ({ id: i + 1, text }));
  }
  const headers = [...response.matchAll(HTTP_HEADER)];
  if (headers.length === 0) return [{ id: 1, text: response.trim() }];
  return headers.map((m, k) => {
    const next = headers[k + 1];
    return {
      id: Number(m[1]),
      text: response.slice(m.index + m[0].length, next ? next.index : undefined).trim(),
    };
  });
}

/** `agent k` for debaters; the 6th of 6 solutions is llm_debate's aggregator. */
export function agentName(id: number, count: number): string | null {
  if (count === 6 && id === 6) return "aggregator";
  return count > 1 ? `agent ${id}` : null;
}
