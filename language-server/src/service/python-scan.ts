/** One `method_config` read found in a workspace's Python sources. */
export interface ScannedRead {
  readonly key: string;
  readonly required: boolean;
  /** Source text of the `.get` default, e.g. `3`, `"listwise"`, `["Assistant"] * n`. */
  readonly defaultText: string | undefined;
  /** Path of the Python file, as given to the scanner. */
  readonly file: string;
  /** 0-based line and character range of the key string literal. */
  readonly line: number;
  readonly character: number;
  readonly endCharacter: number;
}

/** One class that loads a config, found in `methods/<dir>/<module>.py`. */
export interface ScannedClass {
  readonly className: string;
  readonly dir: string;
  readonly file: string;
  readonly defaultConfig: string | null;
  readonly reads: readonly ScannedRead[];
}

export interface ScannedSources {
  /** `method2class` key to class name, from `methods/__init__.py`. */
  readonly registry: ReadonlyMap<string, string>;
  readonly classes: readonly ScannedClass[];
}

export interface SourceFile {
  /** Path relative to the AgentArk root, with `/` separators, e.g. `methods/dylan/dylan_main.py`. */
  readonly relativePath: string;
  /** Path or URI reported back in reads (for go-to-definition). */
  readonly file: string;
  readonly text: string;
}

const REQUIRED_READ = /method_config\s*\[\s*(['"])([A-Za-z_][\w-]*)\1\s*\]/g;
const OPTIONAL_READ =
  /method_config\.get\(\s*(['"])([A-Za-z_][\w-]*)\1\s*(?:,\s*(.*?))?\)\s*(?:#.*)?$/;
const CLASS_DEF = /^class\s+([A-Za-z_]\w*)\s*[(:]/;
const CONFIG_NAME = /method_config_name\s*=\s*(['"])([\w.-]+)\1/;
const REGISTRY_ENTRY = /(['"])([\w-]+)\1\s*:\s*([A-Za-z_]\w*)/g;
/** Python source lines past this length are skipped: no real config read is that long. */
const MAX_LINE = 2000;

/**
 * Finds every `method_config[...]` and `method_config.get(...)` read, the class it belongs to and
 * the class's default config name. A line-based scan, not a Python parser: it only has to find
 * reads written the way AgentArk writes them, and it must never fail on odd code.
 */
export function scanPythonSources(files: readonly SourceFile[]): ScannedSources {
  const registry = new Map<string, string>();
  const classes: ScannedClass[] = [];
  for (const source of files) {
    const parts = source.relativePath.split("/");
    if (parts.length === 2 && parts[0] === "methods" && parts[1] === "__init__.py") {
      for (const [name, cls] of readRegistry(source.text)) registry.set(name, cls);
      continue;
    }
    if (parts.length !== 3 || parts[0] !== "methods" || !parts[2]?.endsWith(".py")) continue;
    classes.push(...scanModule(source, parts[1] ?? ""));
  }
  return { registry, classes };
}

function readRegistry(text: string): Map<string, string> {
  const entries = new Map<string, string>();
  const start = text.indexOf("method2class");
  if (start < 0) return entries;
  const open = text.indexOf("{", start);
  const close = text.indexOf("}", open);
  if (open < 0 || close < 0) return entries;
  for (const match of text.slice(open, close).matchAll(REGISTRY_ENTRY)) {
    const [, , name, cls] = match;
    if (name && cls) entries.set(name, cls);
  }
  return entries;
}

function scanModule(source: SourceFile, dir: string): ScannedClass[] {
  const result: ScannedClass[] = [];
  let current:
    { className: string; defaultConfig: string | null; reads: ScannedRead[] } | undefined;
  const lines = source.text.split(/\r?\n/);
  const flush = () => {
    if (current && (current.reads.length > 0 || current.defaultConfig !== null)) {
      result.push({ ...current, dir, file: source.file });
    }
  };
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? "";
    if (raw.length > MAX_LINE) continue;
    const code = stripComment(raw);
    const cls = CLASS_DEF.exec(code);
    if (cls?.[1]) {
      flush();
      current = { className: cls[1], defaultConfig: null, reads: [] };
      continue;
    }
    if (!current) continue;
    const name = CONFIG_NAME.exec(code);
    if (name?.[2] && current.defaultConfig === null) current.defaultConfig = name[2];
    for (const match of code.matchAll(REQUIRED_READ)) {
      const key = match[2] ?? "";
      const at = (match.index ?? 0) + match[0].indexOf(key);
      current.reads.push({
        key,
        required: true,
        defaultText: undefined,
        file: source.file,
        line: i,
        character: at,
        endCharacter: at + key.length,
      });
    }
    const get = OPTIONAL_READ.exec(code);
    if (get?.[2]) {
      const key = get[2];
      const at = code.indexOf(key, get.index);
      current.reads.push({
        key,
        required: false,
        defaultText: get[3]?.trim() || undefined,
        file: source.file,
        line: i,
        character: at,
        endCharacter: at + key.length,
      });
    }
  }
  flush();
  return result;
}

/** Drops a `#` comment, keeping `#` inside string literals. */
function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "#") return line.slice(0, i);
  }
  return line;
}

/** Parses a Python default literal into a JS value, when it is a plain literal. */
export function pythonLiteral(text: string | undefined): { value: unknown } | undefined {
  if (text === undefined || text === "None") return text === "None" ? { value: null } : undefined;
  if (text === "True") return { value: true };
  if (text === "False") return { value: false };
  if (/^-?\d+$/.test(text)) return { value: Number(text) };
  if (/^-?(\d+\.\d*|\.\d+)([eE]-?\d+)?$/.test(text)) return { value: Number(text) };
  const str = /^(['"])(.*)\1$/.exec(text);
  if (str) return { value: str[2] };
  if (text.startsWith("[")) return { value: [] };
  return undefined;
}
