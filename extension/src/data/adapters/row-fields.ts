import {
  CURATION_KEY,
  CurationBlock,
  type RecordView,
} from "../../../../schemas/src/records/index";

/** A parsed JSON line that is an object. */
export type Row = Record<string, unknown>;

export function isRow(value: unknown): value is Row {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Strings as they are; numbers and booleans as text; anything else as JSON; null stays null. */
export function asText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

export function firstText(row: Row, keys: readonly string[]): string | null {
  for (const key of keys) {
    const text = asText(row[key]);
    if (text !== null) return text;
  }
  return null;
}

/** `token_stats` when it has the `{model: {counter: number}}` shape inference.py writes. */
export function tokenStatsOf(row: Row): RecordView["tokenStats"] {
  const stats = row.token_stats;
  if (!isRow(stats)) return null;
  const out: Record<string, Record<string, number>> = {};
  for (const [model, counters] of Object.entries(stats)) {
    if (!isRow(counters)) return null;
    const numbers: Record<string, number> = {};
    for (const [name, n] of Object.entries(counters)) if (typeof n === "number") numbers[name] = n;
    out[model] = numbers;
  }
  return out;
}

/** The editor's curation block, or an empty one when the row has none or it is unreadable. */
export function curationOf(row: Row): CurationBlock {
  const parsed = CurationBlock.safeParse(row[CURATION_KEY]);
  return parsed.success ? parsed.data : {};
}

/** Fields every kind shares. */
export function commonFields(
  row: Row,
  line: number,
): Pick<RecordView, "line" | "query" | "gt" | "tag" | "source" | "note" | "malformed"> {
  return {
    line,
    query: asText(row.query) ?? "",
    gt: asText(row.gt),
    tag: row.tag ?? null,
    source: typeof row.source === "string" ? row.source : null,
    note: curationOf(row).note ?? null,
    malformed: null,
  };
}
