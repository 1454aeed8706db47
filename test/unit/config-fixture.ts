import { readFileSync } from "node:fs";
import { join } from "node:path";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { Diagnostic, TextEdit } from "vscode-languageserver-protocol";
import { ConfigService } from "../../language-server/src/service/config-service";
import type { FixData } from "../../language-server/src/service/text-edits";

export const ROOT = join(__dirname, "..", "..");
export const SHIPPED = join(ROOT, "test", "fixtures", "agentark");
export const SOURCES = join(ROOT, "test", "fixtures", "agentark-src");

/** A config document at `methods/<relative>` of a fake workspace. */
export function configDoc(relative: string, text: string, version = 1): TextDocument {
  return TextDocument.create(`file:///ws/methods/${relative}`, "yaml", version, text);
}

export function check(relative: string, text: string, service = new ConfigService()): Diagnostic[] {
  return service.validate(configDoc(relative, text));
}

export function shipped(relative: string): string {
  return readFileSync(join(SHIPPED, "methods", relative), "utf8");
}

/** `code@line:col-line:col` (0-based) for compact assertions. */
export function brief(d: Diagnostic): string {
  const { start, end } = d.range;
  return `${String(d.code)}@${start.line}:${start.character}-${end.line}:${end.character}`;
}

export function fixesOf(d: Diagnostic | undefined): FixData[] {
  return (d?.data as { fixes?: FixData[] } | undefined)?.fixes ?? [];
}

export function apply(text: string, edits: readonly TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create("file:///x", "yaml", 1, text), [...edits]);
}

/** The text covered by a diagnostic's range. */
export function covered(text: string, d: Diagnostic): string {
  return TextDocument.create("file:///x", "yaml", 1, text).getText(d.range);
}
