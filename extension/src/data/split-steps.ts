/** Steps are separated by a blank line unless a row or a sidecar says otherwise. */
export const DEFAULT_SEPARATOR = "\n\n";

const BLANK_LINES = /\n\s*\n/;

/**
 * Splits a solution into reasoning steps. The default separator ("\n\n", a blank line, the split
 * AgentArk's GRPO reward makes at tokens ending in "\n\n", agentark-reference.md §6.3) splits on
 * /\n\s*\n/: any run of newlines with only whitespace between them is one break, so "\n \n\n"
 * does not make empty steps. Any other separator splits on that exact string. Steps are trimmed
 * and empty ones dropped, so step i of a label or score list is the i-th non-empty step.
 */
export function splitSteps(text: string, separator: string = DEFAULT_SEPARATOR): string[] {
  // An empty separator would make every character a step: it means the default.
  const parts =
    separator === DEFAULT_SEPARATOR || separator === ""
      ? text.split(BLANK_LINES)
      : text.split(separator);
  const steps: string[] = [];
  for (const part of parts) {
    const step = part.trim();
    if (step) steps.push(step);
  }
  return steps;
}
