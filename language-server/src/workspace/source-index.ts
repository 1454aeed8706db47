import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { ScannedSources, SourceFile } from "../service/python-scan";
import { scanPythonSources } from "../service/python-scan";

/** Python files larger than this are not AgentArk method modules; skip them. */
const MAX_SOURCE_BYTES = 2 * 1024 * 1024;

/** True when `root` looks like an AgentArk checkout (it has `methods/`). */
export async function isAgentArkRoot(root: string): Promise<boolean> {
  try {
    return (await stat(join(root, "methods"))).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Reads `methods/__init__.py` and `methods/<dir>/*.py` under each root and scans them.
 * Reads are reported with file URIs so go-to-definition can open them.
 */
export async function scanRoots(roots: readonly string[]): Promise<ScannedSources | undefined> {
  const files: SourceFile[] = [];
  for (const root of roots) files.push(...(await readMethodSources(root)));
  return files.length ? scanPythonSources(files) : undefined;
}

async function readMethodSources(root: string): Promise<SourceFile[]> {
  const methods = join(root, "methods");
  const files: SourceFile[] = [];
  const add = async (relativePath: string) => {
    const path = join(root, relativePath);
    try {
      if ((await stat(path)).size > MAX_SOURCE_BYTES) return;
      files.push({
        relativePath,
        file: pathToFileURL(path).toString(),
        text: await readFile(path, "utf8"),
      });
    } catch {
      // Unreadable or vanished between listing and reading: nothing to learn from it.
    }
  };
  await add("methods/__init__.py");
  let dirs: string[];
  try {
    dirs = (await readdir(methods, { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
  } catch {
    return files;
  }
  for (const dir of dirs) {
    let names: string[] = [];
    try {
      names = (await readdir(join(methods, dir))).filter((n) => n.endsWith(".py"));
    } catch {
      continue;
    }
    for (const name of names) await add(`methods/${dir}/${name}`);
  }
  return files;
}

/** The AgentArk root of a config path: the folder that holds its `methods/`. */
export function rootOfConfig(path: string): string | undefined {
  const normalized = path.replace(/\\/g, "/");
  const at = normalized.lastIndexOf("/methods/");
  return at >= 0 ? normalized.slice(0, at) || "/" : undefined;
}
