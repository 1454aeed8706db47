// Realistic rows for export tests: llm_debate labeled rows (agents 1-5, aggregator 6) as label.py
// writes them (json.dumps, ensure_ascii=False), and inference rows as inference.py writes them.
import { writeFile } from "node:fs/promises";
import { dumpValue, PYTHON_STYLE } from "../../../extension/src/curation/json-line-style";

export interface SolutionSpec {
  text?: string;
  correct: boolean | null;
}

export function labeledRow(
  query: string,
  gt: unknown,
  solutions: SolutionSpec[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const sols = solutions.map((s, i) => ({
    id: i + 1,
    text: s.text ?? `Agent ${i + 1} on ${query}\n\nso the answer is \\boxed{${String(gt)}}`,
    is_correct: s.correct,
  }));
  return {
    query,
    gt,
    solutions: sols,
    labels: sols.map((s) => s.is_correct),
    tag: null,
    source: "GSM8K",
    ...extra,
  };
}

/** Six solutions: five agents then the aggregate (id 6). */
export function debateRow(query: string, gt: string, correct: boolean[], texts: string[] = []) {
  return labeledRow(
    query,
    gt,
    correct.map((c, i) => ({ correct: c, ...(texts[i] ? { text: texts[i] } : {}) })),
  );
}

export function inferenceRow(query: string, gt: unknown): Record<string, unknown> {
  return {
    query,
    gt,
    solutions: [],
    labels: [],
    response: "===== Solution 1 =====\nx\n===== Solution 6 =====\ny",
    token_stats: {
      "Qwen/Qwen3-8B": { num_llm_calls: 16, prompt_tokens: 9000, completion_tokens: 2100 },
    },
  };
}

export function pythonLine(row: unknown): string {
  return dumpValue(row, PYTHON_STYLE);
}

export async function writeJsonl(path: string, lines: readonly string[]): Promise<void> {
  await writeFile(path, lines.map((l) => `${l}\n`).join(""), "utf8");
}
