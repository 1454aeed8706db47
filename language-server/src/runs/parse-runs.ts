import { parseConfig, type ParsedConfig } from "../service/parse-config";

/**
 * Parses the run file as the job engine reads it (`yaml`'s `parse`, YAML 1.2: `on`, `yes` and `y`
 * are strings), unlike method configs, which PyYAML reads as YAML 1.1. Never throws.
 */
export function parseRuns(text: string): ParsedConfig {
  return parseConfig(text, "1.2");
}
