import { readFile, readdir, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { TextDocument } from "vscode-languageserver-textdocument";
import { DiagnosticSeverity, type Diagnostic } from "vscode-languageserver-protocol";
import { ConfigService } from "../../../language-server/src/service/config-service";
import { rootOfConfig, scanRoots } from "../../../language-server/src/workspace/source-index";

/** One finding as `validate --json` prints it (lines and columns 1-based). */
export interface CliFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: "error" | "warning" | "information" | "hint";
  code: string;
  message: string;
}

const CONFIG_FILE = /(?:^|\/)methods\/[^/]+\/configs\/[^/]+\.ya?ml$/;
const SKIP_DIRS = new Set(["node_modules", ".git", "dist", "out", "__pycache__", ".venv", "venv"]);
const SEVERITY: Record<number, CliFinding["severity"]> = {
  [DiagnosticSeverity.Error]: "error",
  [DiagnosticSeverity.Warning]: "warning",
  [DiagnosticSeverity.Information]: "information",
  [DiagnosticSeverity.Hint]: "hint",
};

export class UsageError extends Error {}

/** Expands folders to the method configs below them; files are taken as given. */
export async function collectConfigFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch {
      throw new UsageError(`no such file or folder: ${path}`);
    }
    if (info.isDirectory()) files.push(...(await walk(path)));
    else files.push(path);
  }
  return files;
}

async function walk(dir: string): Promise<string[]> {
  const found: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith("."))
        found.push(...(await walk(path)));
    } else if (entry.isFile() && CONFIG_FILE.test(path.replace(/\\/g, "/"))) found.push(path);
  }
  return found.sort();
}

/** Runs the language server's checks on each file, learning from each AgentArk root's sources. */
export async function validateFiles(files: readonly string[]): Promise<CliFinding[]> {
  const byRoot = new Map<string, string[]>();
  for (const file of files) {
    const root = rootOfConfig(resolve(file)) ?? "";
    byRoot.set(root, [...(byRoot.get(root) ?? []), file]);
  }
  const findings: CliFinding[] = [];
  for (const [root, group] of byRoot) {
    const service = new ConfigService();
    if (root) service.setScannedSources(await scanRoots([root]));
    for (const file of group) {
      const bytes = await readFile(file);
      const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
      const doc = TextDocument.create(pathToFileURL(resolve(file)).toString(), "yaml", 1, text);
      const diagnostics = service.handles(doc.uri) ? service.validate(doc) : [];
      findings.push(...diagnostics.map((d) => toFinding(file, d)));
    }
  }
  return findings;
}

function toFinding(file: string, d: Diagnostic): CliFinding {
  return {
    file,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    severity: SEVERITY[d.severity ?? DiagnosticSeverity.Error] ?? "error",
    code: String(d.code ?? ""),
    message: typeof d.message === "string" ? d.message : d.message.value,
  };
}
