import type { KindSpec } from "../flag-spec";

/** Any command in the checkout, given as `command:`; `args` become `--key value` after it. */
export const CUSTOM: KindSpec = {
  kind: "custom",
  summary: "Any command in the AgentArk checkout (`command:` as argv).",
  entry: "<command…> [--key value…]",
  unknownFlags: "free",
  flags: [],
};
