import type {
  CompletionItem,
  Diagnostic,
  Hover,
  Location,
  Position,
} from "vscode-languageserver-protocol";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { isMap } from "yaml";
import { RUN_FILE_NAME } from "../../../schemas/src/runs";
import type { Host } from "../../../schemas/src/runs/run-file";
import type { ParsedConfig } from "../service/parse-config";
import { parseRuns } from "./parse-runs";
import { completeRuns, type RunsData } from "./complete-runs";
import { hoverRuns } from "./hover-runs";
import { validateRuns } from "./validate-runs";
import { locatePath, pathAt } from "./yaml-path";

/**
 * Validation, completion and hover for `agentark.runs.yaml`, over plain text documents: no LSP
 * connection, no file system. Method names and dataset names come from the caller.
 */
export class RunsService {
  private datasets: readonly string[] = [];
  private userHosts: Readonly<Record<string, Host>> = {};
  private readonly parsed = new WeakMap<TextDocument, { version: number; parsed: ParsedConfig }>();

  /** @param methods method keys in registry order, asked for on every request (the registry is rescanned). */
  constructor(private readonly methods: () => readonly string[]) {}

  /** True for the run file: any path ending in `agentark.runs.yaml`. */
  static handles(uri: string): boolean {
    return uri.replace(/\\/g, "/").endsWith(`/${RUN_FILE_NAME}`) || uri === RUN_FILE_NAME;
  }

  /** Dataset names offered for `test_dataset_name` / `dataset_name` (from `datasets/data/*.json`). */
  setDatasets(names: readonly string[]): void {
    this.datasets = [...names];
  }

  /** Hosts from the user's settings (`agentark.runs.hosts`): valid `host:` values too. */
  setUserHosts(hosts: Readonly<Record<string, Host>>): void {
    this.userHosts = { ...hosts };
  }

  validate(doc: TextDocument): Diagnostic[] {
    return validateRuns(doc, this.parse(doc), this.methods(), this.userHosts);
  }

  complete(doc: TextDocument, position: Position): CompletionItem[] {
    return completeRuns(doc, position, this.data(doc), {
      methods: this.methods(),
      datasets: this.datasets,
    });
  }

  hover(doc: TextDocument, position: Position): Hover | null {
    const map = this.parse(doc).map;
    return map ? hoverRuns(doc, doc.offsetAt(position), map, this.data(doc), this.methods()) : null;
  }

  /** From a `host:` or `after:` value to the host or run it names, in the same file. */
  definition(doc: TextDocument, position: Position): Location[] {
    const map = this.parse(doc).map;
    if (!map) return [];
    const hit = pathAt(map, doc.offsetAt(position));
    const [top, , field] = hit?.path ?? [];
    if (!hit || hit.target !== "value" || top !== "runs" || hit.path.length !== 3) return [];
    const name = doc
      .getText()
      .slice(hit.span[0], hit.span[1])
      .replace(/^["']|["']$/g, "");
    const section = field === "host" ? "hosts" : field === "after" ? "runs" : undefined;
    // locatePath falls back to the deepest key found, so require the named entry itself.
    const span = section ? locatePath(map, [section, name], "key") : undefined;
    if (
      !span ||
      doc
        .getText()
        .slice(span[0], span[1])
        .replace(/^["']|["']$/g, "") !== name
    )
      return [];
    return [
      {
        uri: doc.uri,
        range: { start: doc.positionAt(span[0]), end: doc.positionAt(span[1]) },
      },
    ];
  }

  /** The document's data, even mid-edit: a YAML error elsewhere still leaves the rest readable. */
  private data(doc: TextDocument): RunsData {
    const parsed = this.parse(doc);
    let data = parsed.data;
    if (data === undefined && parsed.doc && isMap(parsed.doc.contents)) {
      try {
        data = parsed.doc.toJS({ maxAliasCount: 100 });
      } catch {
        data = undefined;
      }
    }
    if (typeof data !== "object" || data === null || Array.isArray(data)) return undefined;
    // Completion and hover know the user's hosts too; the file's own win by name.
    const record = data as Record<string, unknown>;
    const own = record.hosts;
    return Object.keys(this.userHosts).length === 0
      ? record
      : {
          ...record,
          hosts: {
            ...this.userHosts,
            ...(typeof own === "object" && own !== null && !Array.isArray(own) ? own : {}),
          },
        };
  }

  private parse(doc: TextDocument): ParsedConfig {
    const cached = this.parsed.get(doc);
    if (cached?.version === doc.version) return cached.parsed;
    const parsed = parseRuns(doc.getText());
    this.parsed.set(doc, { version: doc.version, parsed });
    return parsed;
  }
}
