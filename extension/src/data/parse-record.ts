import type { RecordView } from "../../../schemas/src/records/record-view";
import type { ParseOptions } from "./adapters/build-solution";
import { adaptInfer } from "./adapters/infer-adapter";
import { adaptLabeled } from "./adapters/labeled-adapter";
import { adaptTrajectory } from "./adapters/trajectory-adapter";
import { adaptUnknown } from "./adapters/unknown-adapter";
import { isRow, type Row } from "./adapters/row-fields";
import { parseJsonLenient } from "./parse-json-lenient";
import { kindOf, shapeOf, trajectoryOf } from "./record-kind";

export type { ParseOptions } from "./adapters/build-solution";

/**
 * One line of a result file as the editor shows it. Never throws: a line that is blank, not JSON,
 * or JSON but not an object comes back with `malformed` set and everything else empty.
 */
export function parseRecord(line: number, text: string, options: ParseOptions = {}): RecordView {
  if (!text.trim()) return malformedView(line, "blank line");
  const json = parseJsonLenient(text);
  if (!json.ok) return malformedView(line, json.message);
  const row = json.value;
  if (!isRow(row)) return malformedView(line, `not a JSON object: ${jsonType(row)}`);
  return recordOfRow(row, line, options);
}

/** A row already parsed, as the editor shows it (what the exports read steps from). */
export function recordOfRow(row: Row, line: number, options: ParseOptions = {}): RecordView {
  const trajectory = trajectoryOf(row);
  if (trajectory) return adaptTrajectory(row, trajectory, line, options);
  switch (kindOf(shapeOf(row, trajectory))) {
    case "trajectory":
    case "infer":
      return adaptInfer(row, line, options);
    case "labeled":
      return adaptLabeled(row, line, options);
    case "unknown":
      return adaptUnknown(row, line);
  }
}

export function malformedView(line: number, message: string): RecordView {
  return {
    line,
    kind: "unknown",
    query: "",
    gt: null,
    finalResponse: null,
    error: null,
    tokenStats: null,
    solutions: [],
    rounds: null,
    tag: null,
    source: null,
    note: null,
    malformed: message,
  };
}

export function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}
