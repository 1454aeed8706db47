import type { RecordView } from "./record-view";

/**
 * The texts a person reads in a record, for the record list's full-text search: decoded, so a
 * search finds `café` in a file Python wrote with `ensure_ascii` (`caf\u00e9`), and only text,
 * so `query` or `solutions` does not match every row by its keys. A malformed line, or a row of
 * no AgentArk kind (whose fields the editor shows as raw JSON), is searched in its raw text.
 */
export function recordText(r: RecordView, rawLine?: string): string {
  if (r.malformed !== null || r.kind === "unknown") return rawLine ?? r.malformed ?? r.query;
  const tag = r.tag === null ? "" : typeof r.tag === "string" ? r.tag : JSON.stringify(r.tag);
  const parts = [r.query, r.gt ?? "", r.finalResponse ?? "", r.error ?? "", r.note ?? ""];
  parts.push(r.source ?? "", tag ?? "");
  for (const s of r.solutions) parts.push(s.agent ?? "", s.text, ...s.think, s.note ?? "");
  for (const round of r.rounds ?? []) for (const t of round.turns) parts.push(t.text);
  return parts.join("\n");
}
