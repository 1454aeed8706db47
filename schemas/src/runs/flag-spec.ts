import type { RunKind } from "./run-file";

/** A value type as the script's argparse (or HfArgumentParser) converts it. */
export type FlagType = "string" | "int" | "float" | "bool" | "list";

/** One command-line flag an AgentArk entry point accepts. */
export interface FlagSpec {
  /** The key in the run file's `args:` (the dest, without `--`). */
  readonly name: string;
  readonly type: FlagType;
  /** The script's default; undefined when it has none (`None`). */
  readonly default?: string | number | boolean | readonly (string | number)[];
  /** The script fails without it (argparse `required=True`, or an assert / TypeError). */
  readonly required?: boolean;
  /** Allowed values (argparse `choices`). */
  readonly choices?: readonly string[];
  /** The literal flag when it differs from `--<name>` (e.g. `--max-samples`). */
  readonly flag?: string;
  /** For lists: `space` = one flag then the items (nargs), `repeat` = the flag per item, `comma` = one joined value. */
  readonly listStyle?: "space" | "repeat" | "comma";
  readonly doc: string;
  /** Accepted but has no effect: shown as a warning. */
  readonly noEffect?: string;
}

/** What a run kind launches and which flags it takes. */
export interface KindSpec {
  readonly kind: RunKind;
  /** One line for hover and completion. */
  readonly summary: string;
  /** The entry point as the README runs it, for hover. */
  readonly entry: string;
  readonly flags: readonly FlagSpec[];
  /**
   * Unknown flags: `error` when argparse rejects them, `ignored` when the script drops them
   * silently (finetune2's `return_remaining_strings=True`), `free` for custom commands.
   */
  readonly unknownFlags: "error" | "ignored" | "free";
  /** Flags the run file may carry that are not script flags (e.g. eval's `script`). */
  readonly meta?: readonly FlagSpec[];
}

/** Shorthand builders keep the per-kind tables readable. */
export const str = (name: string, doc: string, extra: Partial<FlagSpec> = {}): FlagSpec => ({
  name,
  type: "string",
  doc,
  ...extra,
});
export const int = (
  name: string,
  dflt: number | undefined,
  doc: string,
  extra: Partial<FlagSpec> = {},
): FlagSpec => ({
  name,
  type: "int",
  doc,
  ...(dflt === undefined ? {} : { default: dflt }),
  ...extra,
});
export const float = (
  name: string,
  dflt: number | undefined,
  doc: string,
  extra: Partial<FlagSpec> = {},
): FlagSpec => ({
  name,
  type: "float",
  doc,
  ...(dflt === undefined ? {} : { default: dflt }),
  ...extra,
});
export const bool = (name: string, doc: string, extra: Partial<FlagSpec> = {}): FlagSpec => ({
  name,
  type: "bool",
  default: false,
  doc,
  ...extra,
});
export const list = (
  name: string,
  listStyle: "space" | "repeat" | "comma",
  doc: string,
  extra: Partial<FlagSpec> = {},
): FlagSpec => ({ name, type: "list", listStyle, doc, ...extra });
