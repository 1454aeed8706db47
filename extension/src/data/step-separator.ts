import type { CurationBlock } from "../../../schemas/src/records/index";
import { DEFAULT_SEPARATOR } from "./split-steps";

/**
 * The separator one solution's steps are split on. Step labels attach by position, so a solution
 * that has them keeps the separator they were made with: its own in `separators`, else the row's
 * `separator`, else a blank line (the curation block's documented default). A solution without
 * labels follows the row's `separator`, else `fallback` (its sidecar's separator, else the
 * setting). Per solution, because a sidecar scores each solution on its own separator.
 */
export function stepSeparator(
  curation: CurationBlock,
  solutionId: number,
  fallback?: string,
): string {
  const key = String(solutionId);
  const own = curation.separators?.[key] ?? curation.separator;
  if (own !== undefined) return own;
  if (curation.step_labels?.[key]?.length) return DEFAULT_SEPARATOR;
  return fallback ?? DEFAULT_SEPARATOR;
}
