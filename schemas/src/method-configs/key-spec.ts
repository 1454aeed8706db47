import { z } from "zod";

/** How a value looks in YAML; drives completion snippets and hover text. */
export type ValueKind = "integer" | "number" | "boolean" | "string" | "string-list";

/** A value that AgentArk accepts but that does something the user probably does not want. */
export interface Hazard {
  readonly when: (value: unknown) => boolean;
  readonly message: string;
  /** A safer value offered as a quick fix. */
  readonly saferValue?: unknown;
}

/** One key that a method class reads from its config (agentark-reference.md §1.2). */
export interface KeySpec {
  readonly key: string;
  readonly kind: ValueKind;
  /** Type, allowed values and range; the value of the key is checked against it. */
  readonly schema: z.ZodType;
  /** Read with `method_config[...]`: absent means a KeyError at construction. */
  readonly required: boolean;
  /** The `.get(key, default)` default, or for a required key the value AgentArk ships. */
  readonly default: unknown;
  readonly doc: string;
  /** Where the key is read, relative to `methods/<dir>/`, e.g. `dylan_main.py:27`. */
  readonly readAt: string;
  /** Allowed scalar values (completion and "did you mean"). */
  readonly values?: readonly string[];
  /** Allowed list items (role names). */
  readonly itemValues?: readonly string[];
  /** Read, but the code never uses the value: editing it changes nothing. */
  readonly noEffect?: string;
  readonly hazards?: readonly Hazard[];
  /** Where AgentArk's README says something else about this key. */
  readonly drift?: string;
}

/** A key that sits in AgentArk's shipped YAML or README but that the class never reads. */
export interface UnreadKey {
  readonly key: string;
  readonly message: string;
  /** The key the code reads instead, offered as a rename. */
  readonly renameTo?: string;
  /** True when the key comes from AgentArk's README rather than its shipped YAML. */
  readonly readme?: boolean;
}

/** A finding from a rule that relates several keys. */
export interface RuleFinding {
  readonly code: string;
  readonly severity: "error" | "warning" | "information";
  readonly message: string;
  /** Path of the YAML node the finding points at, e.g. `["roles"]` or `["roles", 3]`. */
  readonly path: readonly (string | number)[];
  readonly target: "key" | "value";
  readonly fix?: RuleFix;
}

/** A structured fix that the language server turns into a text edit. */
export type RuleFix =
  | {
      readonly kind: "pad-list";
      readonly key: string;
      readonly item: string;
      readonly toLength: number;
    }
  | { readonly kind: "trim-list"; readonly key: string; readonly toLength: number }
  | {
      readonly kind: "set-value";
      readonly key: string;
      readonly value: unknown;
      readonly title: string;
    };

export type CrossFieldRule = (config: Readonly<Record<string, unknown>>) => readonly RuleFinding[];

/** Everything known about one `method2class` entry. */
export interface MethodClassSpec {
  /** The `method2class` key, e.g. `dylan_math`. */
  readonly name: string;
  readonly className: string;
  /** Folder under `methods/`. */
  readonly dir: string;
  /** Module file inside `methods/<dir>/`. */
  readonly file: string;
  /** Config basename loaded when `--method_config_name` is not given; null when none is loaded. */
  readonly defaultConfig: string | null;
  readonly keys: readonly KeySpec[];
  readonly unread: readonly UnreadKey[];
  readonly rules: readonly CrossFieldRule[];
  /** Whether the method runs at all in AgentArk 678a89b, shown in hover. */
  readonly status?: string;
  /** Set when the config argument is ignored entirely (CoT). */
  readonly ignoresConfig?: boolean;
}

const int = () => z.number().int();

/** Builders that keep the per-method tables short and uniform. */
export const k = {
  int(min?: number, max?: number) {
    let s = int();
    if (min !== undefined) s = s.min(min);
    if (max !== undefined) s = s.max(max);
    return s;
  },
  intAbove(n: number) {
    return int().gt(n);
  },
  number() {
    return z.number();
  },
  bool() {
    return z.boolean();
  },
  str() {
    return z.string();
  },
  oneOf(values: readonly [string, ...string[]]) {
    return z.enum(values);
  },
  listOf(values: readonly [string, ...string[]], minItems = 0) {
    return z.array(z.enum(values)).min(minItems);
  },
};

/** Which kind a schema describes, for specs that do not say it themselves. */
export function kindOf(schema: z.ZodType): ValueKind {
  const json = z.toJSONSchema(schema, { unrepresentable: "any" }) as { type?: string };
  switch (json.type) {
    case "integer":
      return "integer";
    case "number":
      return "number";
    case "boolean":
      return "boolean";
    case "array":
      return "string-list";
    default:
      return "string";
  }
}

type KeyArgs = [
  key: string,
  schema: z.ZodType,
  value: unknown,
  readAt: string,
  doc: string,
  extra?: Partial<KeySpec>,
];

function keySpec(
  isRequired: boolean,
  [key, schema, value, readAt, doc, extra = {}]: KeyArgs,
): KeySpec {
  return {
    key,
    kind: kindOf(schema),
    schema,
    required: isRequired,
    default: value,
    readAt,
    doc,
    ...extra,
  };
}

/** A required key (read with `[...]`); `value` is what AgentArk ships. */
export function required(...args: KeyArgs): KeySpec {
  return keySpec(true, args);
}

/** An optional key (read with `.get(key, default)`); `value` is the default. */
export function optional(...args: KeyArgs): KeySpec {
  return keySpec(false, args);
}
