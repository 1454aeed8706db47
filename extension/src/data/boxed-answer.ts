/**
 * The content of the last `\boxed{...}` in `text`, braces balanced (`\boxed{\frac{1}{2}}` gives
 * `\frac{1}{2}`), as AgentArk's verifiable reward reads it (`math_score.py`); null when there is
 * none or the last one is never closed.
 */
export function boxedAnswer(text: string): string | null {
  const at = text.lastIndexOf("\\boxed");
  if (at < 0) return null;
  let i = at + "\\boxed".length;
  while (text[i] === " ") i++;
  if (text[i] !== "{") return null;
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const c = text[j];
    if (c === "\\") j++;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return text.slice(i + 1, j);
  }
  return null;
}
