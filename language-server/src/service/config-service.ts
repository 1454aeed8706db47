import {
  CodeActionKind,
  type CodeAction,
  type CompletionItem,
  type Diagnostic,
  type DocumentSymbol,
  type Hover,
  type Location,
  type Position,
} from "vscode-languageserver-protocol";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { RunsService } from "../runs/runs-service";
import { completeConfig } from "./complete";
import { hoverConfig } from "./hover";
import { keyedPairs } from "./locate";
import { MethodRegistry, type KnownClass } from "./method-registry";
import { parseConfig, type ParsedConfig } from "./parse-config";
import type { ScannedSources } from "./python-scan";
import { configSymbols } from "./symbols";
import type { FixData } from "./text-edits";
import { validateConfig } from "./validate";

/**
 * Everything the language server and the CLI know about method configs, over plain text
 * documents: no LSP connection, no file system. One parse per document version is cached.
 */
export class ConfigService {
  private registry = new MethodRegistry();
  // Keyed by the document object: the server updates one TextDocument per URI in place.
  private readonly parsed = new WeakMap<TextDocument, { version: number; parsed: ParsedConfig }>();
  /** `agentark.runs.yaml`, routed here so one server and one client cover both file kinds. */
  readonly runFile = new RunsService(() => this.registry.classes.map((c) => c.spec.name));

  /** Replaces what was learned from the workspace's Python sources. */
  setScannedSources(sources: ScannedSources | undefined): void {
    this.registry = new MethodRegistry(sources);
  }

  get methods(): MethodRegistry {
    return this.registry;
  }

  /** True for files the service checks: `methods/<dir>/configs/<name>.y(a)ml` and the run file. */
  handles(uri: string): boolean {
    return RunsService.handles(uri) || this.registry.targetFor(uri) !== undefined;
  }

  validate(doc: TextDocument): Diagnostic[] {
    if (RunsService.handles(doc.uri)) return this.runFile.validate(doc);
    return validateConfig(doc, this.registry, this.parse(doc));
  }

  complete(doc: TextDocument, position: Position): CompletionItem[] {
    if (RunsService.handles(doc.uri)) return this.runFile.complete(doc, position);
    const map = this.parse(doc).map;
    const present = new Set(map ? keyedPairs(map).map((p) => p.name) : []);
    return completeConfig(doc, position, this.classesOf(doc), present);
  }

  hover(doc: TextDocument, position: Position): Hover | null {
    if (RunsService.handles(doc.uri)) return this.runFile.hover(doc, position);
    const map = this.parse(doc).map;
    return map ? hoverConfig(doc, doc.offsetAt(position), map, this.classesOf(doc)) : null;
  }

  definition(doc: TextDocument, position: Position): Location[] {
    if (RunsService.handles(doc.uri)) return this.runFile.definition(doc, position);
    const map = this.parse(doc).map;
    if (!map) return [];
    const offset = doc.offsetAt(position);
    const pair = keyedPairs(map).find((p) => offset >= p.keySpan[0] && offset <= p.keySpan[1]);
    if (!pair) return [];
    return this.classesOf(doc).flatMap((c) =>
      (c.reads.get(pair.name) ?? []).map((r) => ({
        uri: r.file,
        range: {
          start: { line: r.line, character: r.character },
          end: { line: r.line, character: r.endCharacter },
        },
      })),
    );
  }

  symbols(doc: TextDocument): DocumentSymbol[] {
    const map = this.parse(doc).map;
    return map ? configSymbols(doc, map) : [];
  }

  /** Quick fixes carried by the diagnostics the client sends back. */
  codeActions(doc: TextDocument, diagnostics: readonly Diagnostic[]): CodeAction[] {
    const actions: CodeAction[] = [];
    for (const diagnostic of diagnostics) {
      for (const fix of fixesOf(diagnostic)) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: fix.preferred === true,
          edit: { changes: { [doc.uri]: fix.edits } },
        });
      }
    }
    return actions;
  }

  private classesOf(doc: TextDocument): readonly KnownClass[] {
    const target = this.registry.targetFor(doc.uri);
    return target ? target.classes : [];
  }

  private parse(doc: TextDocument): ParsedConfig {
    const cached = this.parsed.get(doc);
    if (cached?.version === doc.version) return cached.parsed;
    const parsed = parseConfig(doc.getText());
    this.parsed.set(doc, { version: doc.version, parsed });
    return parsed;
  }
}

function fixesOf(diagnostic: Diagnostic): FixData[] {
  const data = diagnostic.data as { fixes?: unknown } | undefined;
  return Array.isArray(data?.fixes) ? (data.fixes as FixData[]) : [];
}
