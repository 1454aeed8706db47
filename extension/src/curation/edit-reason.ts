/** Longest reason kept in an audit entry, in characters. */
export const MAX_REASON = 500;

/**
 * The reason a person typed for an edit, as the audit trail keeps it: one line (any run of
 * whitespace, newlines included, becomes one space), trimmed, at most MAX_REASON characters.
 * Nothing typed is no reason.
 */
export function editReason(typed: string | undefined): string | undefined {
  const text = (typed ?? "").replace(/\s+/g, " ").trim();
  if (!text) return undefined;
  const chars = Array.from(text);
  return chars.length <= MAX_REASON ? text : chars.slice(0, MAX_REASON).join("").trimEnd();
}
