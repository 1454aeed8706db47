import { AUDIT_SUFFIX, STEP_SCORES_SUFFIX } from "../../../schemas/src/records";

/**
 * The project's own files beside a result file: the audit trail and the PRM step-score sidecar.
 * Their names end in `.jsonl` after the result file's name, so `*_labeled_by_*.jsonl` matches
 * them too (a filenamePattern cannot exclude). They are logs, not results: read them as text.
 */
export function isSidecar(path: string): boolean {
  return path.endsWith(AUDIT_SUFFIX) || path.endsWith(STEP_SCORES_SUFFIX);
}
