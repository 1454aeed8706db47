import type { ObjectScan } from "./json-line-scanner";

/**
 * How a line was written, so bytes we add look like their neighbours. Python's json.dumps writes
 * `", "` and `": "` by default (label.py, inference.py); `separators=(",", ":")` or JavaScript
 * writers give compact lines. `asciiOnly` mirrors `ensure_ascii`: inference rows use json.dump's
 * default (non-ASCII as \uXXXX), label.py writes raw UTF-8 (`ensure_ascii=False`).
 */
export interface JsonLineStyle {
  itemSeparator: string;
  keySeparator: string;
  asciiOnly: boolean;
}

export const PYTHON_STYLE: JsonLineStyle = {
  itemSeparator: ", ",
  keySeparator: ": ",
  asciiOnly: false,
};

export function detectStyle(line: Buffer, top: ObjectScan): JsonLineStyle {
  const latin = line.toString("latin1");
  // A raw byte >= 0x80 means the writer did not escape; an escape of a non-ASCII code point
  // with no raw bytes means it did. A pure-ASCII line says nothing: label.py's choice wins.
  const hasRaw = /[\x80-\xff]/.test(latin);
  const hasEscape = /\\u(?:00[89a-fA-F]|0[1-9a-fA-F]|[1-9a-fA-F])[0-9a-fA-F]{2}/.test(latin);
  const first = top.members[0];
  const second = top.members[1];
  let keySeparator = PYTHON_STYLE.keySeparator;
  let itemSeparator = PYTHON_STYLE.itemSeparator;
  if (first) {
    const between = latin.slice(first.keyStart, first.valueStart);
    const colon = between.lastIndexOf(":");
    keySeparator = between.slice(colon);
  }
  if (first && second) itemSeparator = latin.slice(first.valueEnd, second.keyStart);
  if (!/^\s*:\s*$/.test(keySeparator)) keySeparator = PYTHON_STYLE.keySeparator;
  if (!/^\s*,\s*$/.test(itemSeparator)) itemSeparator = PYTHON_STYLE.itemSeparator;
  return { itemSeparator, keySeparator, asciiOnly: !hasRaw && hasEscape };
}

function escapeNonAscii(json: string): string {
  return json.replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

export function dumpString(s: string, style: JsonLineStyle): string {
  const json = JSON.stringify(s);
  return style.asciiOnly ? escapeNonAscii(json) : json;
}

/** json.dumps for the plain values we write (null, booleans, integers, strings, lists, dicts). */
export function dumpValue(value: unknown, style: JsonLineStyle): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "NaN";
    if (!Number.isFinite(value)) return value > 0 ? "Infinity" : "-Infinity";
    return String(value);
  }
  if (typeof value === "string") return dumpString(value, style);
  if (Array.isArray(value))
    return `[${value.map((v) => dumpValue(v, style)).join(style.itemSeparator)}]`;
  if (typeof value === "object") {
    const parts = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${dumpString(k, style)}${style.keySeparator}${dumpValue(v, style)}`);
    return `{${parts.join(style.itemSeparator)}}`;
  }
  throw new TypeError(`cannot write a ${typeof value} into a JSON line`);
}
