import type { z } from "zod";
import type { KeySpec } from "../../../schemas/src";
import { didYouMean } from "../../../schemas/src/did-you-mean";

/** One problem with a key's value, before it is placed in the text. */
export interface ValueProblem {
  readonly code: "type-mismatch" | "invalid-value" | "out-of-range";
  readonly message: string;
  /** Path below the key (list index), empty for the value itself. */
  readonly subPath: readonly (string | number)[];
  /** Values offered as replacements, best first. */
  readonly replacements: readonly unknown[];
}

const KIND_NAMES: Record<KeySpec["kind"], string> = {
  integer: "an integer",
  number: "a number",
  boolean: "true or false",
  string: "a string",
  "string-list": "a list of strings",
};

/** Checks `value` against the key's zod schema and explains each issue in AgentArk's terms. */
export function checkValue(spec: KeySpec, value: unknown): ValueProblem[] {
  const result = spec.schema.safeParse(value);
  if (result.success) return [];
  return result.error.issues.map((issue) => explain(spec, value, issue));
}

function explain(spec: KeySpec, value: unknown, issue: z.core.$ZodIssue): ValueProblem {
  const subPath = issue.path.filter((p): p is string | number => typeof p !== "symbol");
  const at = subPath.length ? `\`${spec.key}[${subPath.join("][")}]\`` : `\`${spec.key}\``;
  const actual = subPath.reduce<unknown>(
    (v, step) => (v as Record<string | number, unknown> | undefined)?.[step],
    value,
  );
  switch (issue.code) {
    case "invalid_value": {
      const allowed = issue.values.map(String);
      const guess = didYouMean(String(actual), allowed);
      const ordered = guess ? [guess, ...allowed.filter((v) => v !== guess)] : allowed;
      return {
        code: "invalid-value",
        message: `${at} is ${show(actual)}, which is not allowed: use one of ${allowed.join(", ")}.${guess ? ` Did you mean ${guess}?` : ""}`,
        subPath,
        replacements: ordered,
      };
    }
    case "too_small":
    case "too_big": {
      const small = issue.code === "too_small";
      const bound = Number(small ? issue.minimum : issue.maximum);
      if (issue.origin === "array") {
        return {
          code: "out-of-range",
          message: `${at} needs at least ${bound} entries.`,
          subPath,
          replacements: [],
        };
      }
      const relation = small
        ? issue.inclusive
          ? "at least"
          : "greater than"
        : issue.inclusive
          ? "at most"
          : "less than";
      const nearest = issue.inclusive ? bound : small ? bound + 1 : bound - 1;
      return {
        code: "out-of-range",
        message: `${at} must be ${relation} ${bound}; it is ${show(actual)}.`,
        subPath,
        replacements: [nearest],
      };
    }
    case "invalid_type": {
      const expected = subPath.length ? "a string" : KIND_NAMES[spec.kind];
      const whole = issue.expected === "int" && typeof actual === "number";
      return {
        code: "type-mismatch",
        message: whole
          ? `${at} must be a whole number; it is ${show(actual)}.`
          : `${at} must be ${expected}, not ${typeName(actual)} (${show(actual)}).`,
        subPath,
        replacements: coerce(spec, actual),
      };
    }
    default:
      return {
        code: "type-mismatch",
        message: `${at}: ${issue.message}`,
        subPath,
        replacements: [],
      };
  }
}

/** A value of the right type that the user probably meant (`"3"` → 3, `"true"` → true). */
function coerce(spec: KeySpec, actual: unknown): unknown[] {
  if (typeof actual === "string") {
    const trimmed = actual.trim();
    if (
      (spec.kind === "integer" || spec.kind === "number") &&
      trimmed !== "" &&
      Number.isFinite(Number(trimmed))
    )
      return [Number(trimmed)];
    if (spec.kind === "boolean" && /^(true|false)$/i.test(trimmed))
      return [trimmed.toLowerCase() === "true"];
  }
  if (spec.kind === "integer" && typeof actual === "number" && Number.isFinite(actual))
    return [Math.round(actual)];
  if (spec.kind === "string" && (typeof actual === "number" || typeof actual === "boolean"))
    return [String(actual)];
  return [];
}

export function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === null || value === undefined) return "null";
  if (typeof value === "object") return Array.isArray(value) ? "a list" : "a mapping";
  return typeof value === "number" || typeof value === "boolean"
    ? String(value)
    : JSON.stringify(value);
}

function typeName(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a number";
  if (typeof value === "boolean") return "a boolean";
  return "a string";
}
