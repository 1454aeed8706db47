/** The judge model a labeled file is named after (`x_infer_labeled_by_<judge>.jsonl`), if any. */
export function judgeOf(fileName: string): string | null {
  return /_labeled_by_(.+)\.jsonl$/.exec(fileName)?.[1] ?? null;
}
