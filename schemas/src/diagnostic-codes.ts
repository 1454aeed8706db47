/**
 * Stable codes of every finding on a method config. They appear in the Problems panel, in
 * `agentark-studio validate --json`, and are what quick fixes key on: never rename one.
 */
export const DIAGNOSTIC_CODES = {
  "yaml-syntax": "The file is not valid YAML (safe_load would raise).",
  "duplicate-key": "A key appears twice; PyYAML keeps the last one silently.",
  "multiple-documents": "More than one YAML document; yaml.safe_load raises ComposerError.",
  "not-a-mapping": "The top level is not a mapping; the method's `method_config[...]` reads fail.",
  "empty-config": "The file holds no data; yaml.safe_load returns None and the method fails.",
  "invalid-utf8": "The file has bytes that are not UTF-8.",
  "alias-limit": "Too many alias expansions (a YAML alias bomb); the file is not expanded.",
  "too-large": "The file is too large or too deeply nested to check.",
  "unknown-key": "No code reads the key; often a misspelling.",
  "unread-key": "A key from AgentArk's shipped YAML or README that the class never reads.",
  "no-effect": "A key the class reads but never uses.",
  "missing-key": "A required key (read with `[...]`) is absent: KeyError at construction.",
  "type-mismatch": "The value has the wrong type.",
  "invalid-value": "The value is not one of the allowed values.",
  "out-of-range": "The number is outside the range the code accepts.",
  "roles-too-short": "A role list is shorter than the number of agents it must cover.",
  "roles-extra": "A role list is longer than the number of agents; extra entries are ignored.",
  "node-id-collision": "A MacNet virtual node id collides with an agent node id.",
  "topology-agent-num": "The MacNet topology needs more agents.",
  "runtime-hazard": "A value that runs, but not as the user probably expects.",
  "config-ignored": "The method loads no config from this folder.",
  "unknown-method": "The folder is not an AgentArk method known to the registry.",
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;
