import { readdir } from "node:fs/promises";
import { join } from "node:path";

/**
 * Names of `datasets/data/*.json` under the workspace roots (inference.py's `--test_dataset_name`),
 * without `_val` companions. AgentArk ships none (§0.5), so an empty list is normal.
 */
export async function datasetNames(roots: readonly string[]): Promise<string[]> {
  const names = new Set<string>();
  for (const root of roots) {
    let entries: string[];
    try {
      entries = await readdir(join(root, "datasets", "data"));
    } catch {
      continue;
    }
    for (const entry of entries)
      if (entry.endsWith(".json") && !entry.endsWith("_val.json")) names.add(entry.slice(0, -5));
  }
  return [...names].sort();
}
