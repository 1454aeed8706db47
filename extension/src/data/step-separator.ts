import type { CurationBlock } from "../../../schemas/src/records/index";
import { DEFAULT_SEPARATOR } from "./split-steps";

/**
 * The separator a row's steps are split on. Step labels attach by position, so a row that has
 * them keeps the separator they were made with: the block's `separator`, or a blank line when
 * the block names none (the curation block's documented default). Only a row without labels
 * follows `fallback` (the sidecar's separator, else the setting).
 */
export function stepSeparator(curation: CurationBlock, fallback?: string): string {
  if (curation.separator !== undefined) return curation.separator;
  if (hasStepLabels(curation)) return DEFAULT_SEPARATOR;
  return fallback ?? DEFAULT_SEPARATOR;
}

export function hasStepLabels(curation: CurationBlock): boolean {
  return Object.keys(curation.step_labels ?? {}).length > 0;
}
