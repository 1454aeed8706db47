import { z } from "zod";
import { METHOD_CLASSES, type KeySpec, type MethodClassSpec } from "../../../schemas/src";
import {
  pythonLiteral,
  type ScannedClass,
  type ScannedRead,
  type ScannedSources,
} from "./python-scan";

/** Where a key is read in the workspace's own Python code (for go-to-definition). */
export interface ReadLocation {
  readonly file: string;
  readonly line: number;
  readonly character: number;
  readonly endCharacter: number;
}

/** A class spec plus what the workspace's code says about it. */
export interface KnownClass {
  readonly spec: MethodClassSpec;
  /** Key to the places the workspace's code reads it. */
  readonly reads: ReadonlyMap<string, readonly ReadLocation[]>;
  /** True when the class is known only from the workspace's code. */
  readonly scannedOnly: boolean;
}

/** Which classes check a config file, and how their findings combine. */
export interface ConfigTarget {
  readonly dir: string;
  readonly configName: string;
  readonly classes: readonly KnownClass[];
  /**
   * `default`: every listed class loads this file by default, so each must accept it.
   * `any-of-folder`: the name is only reachable through `--method_config_name`, so it is checked
   * against every class of its folder and a key counts as known when any of them reads it.
   */
  readonly mode: "default" | "any-of-folder";
}

const CONFIG_PATH = /(?:^|\/)methods\/([^/]+)\/configs\/([^/]+)\.ya?ml$/;

/** AgentArk's built-in knowledge merged with the reads found in the workspace's sources. */
export class MethodRegistry {
  readonly classes: readonly KnownClass[];

  constructor(scanned?: ScannedSources) {
    this.classes = mergeScanned(METHOD_CLASSES, scanned);
  }

  /** The classes that load `path` (any path ending in `methods/<dir>/configs/<name>.yaml`). */
  targetFor(path: string):
    | ConfigTarget
    | {
        readonly dir: string;
        readonly configName: string;
        readonly classes: readonly [];
        readonly mode: "unknown";
      }
    | undefined {
    const match = CONFIG_PATH.exec(path.replace(/\\/g, "/"));
    if (!match) return undefined;
    const dir = decodeURIComponent(match[1] ?? "");
    const configName = decodeURIComponent(match[2] ?? "");
    const ofFolder = this.classes.filter((c) => c.spec.dir === dir);
    if (ofFolder.length === 0) return { dir, configName, classes: [], mode: "unknown" };
    const byDefault = ofFolder.filter((c) => c.spec.defaultConfig === configName);
    if (byDefault.length > 0) return { dir, configName, classes: byDefault, mode: "default" };
    return { dir, configName, classes: ofFolder, mode: "any-of-folder" };
  }

  /**
   * What `inference.py --method_name <name>` resolves to, by AgentArk's substring rule
   * (`methods/__init__.py:44-65`) without a dataset: the candidates whose key contains the name.
   */
  candidatesFor(name: string): string[] {
    const lower = name.toLowerCase();
    return this.classes.map((c) => c.spec.name).filter((key) => key.includes(lower));
  }
}

function mergeScanned(
  builtIn: readonly MethodClassSpec[],
  scanned: ScannedSources | undefined,
): KnownClass[] {
  const result: KnownClass[] = builtIn.map((spec) => ({
    spec,
    reads: new Map(),
    scannedOnly: false,
  }));
  if (!scanned) return result;
  const nameOfClass = new Map<string, string>();
  for (const [name, cls] of scanned.registry) nameOfClass.set(cls, name);
  for (const found of scanned.classes) {
    const registryName = nameOfClass.get(found.className);
    const index = result.findIndex(
      (c) =>
        c.spec.className === found.className ||
        (registryName !== undefined && c.spec.name === registryName),
    );
    const existing = result[index];
    if (existing) {
      result[index] = {
        spec: withScannedKeys(existing.spec, found),
        reads: readsByKey(found.reads),
        scannedOnly: false,
      };
    } else if (found.defaultConfig !== null || found.reads.length > 0) {
      // A class the user added, or one AgentArk's registry has and our tables do not.
      const name = registryName ?? found.className.toLowerCase();
      const spec: MethodClassSpec = {
        name,
        className: found.className,
        dir: found.dir,
        file: found.file.split("/").pop() ?? found.file,
        defaultConfig: found.defaultConfig,
        keys: [],
        unread: [],
        rules: [],
        status: "Known from the workspace's Python sources.",
      };
      result.push({
        spec: withScannedKeys(spec, found),
        reads: readsByKey(found.reads),
        scannedOnly: true,
      });
    }
  }
  return result;
}

/** Adds the keys the code reads that the built-in table lacks (a fork's or a new method's keys). */
function withScannedKeys(spec: MethodClassSpec, found: ScannedClass): MethodClassSpec {
  const known = new Set(spec.keys.map((k) => k.key));
  const added: KeySpec[] = [];
  for (const read of found.reads) {
    if (known.has(read.key)) continue;
    known.add(read.key);
    added.push(keyFromRead(read, found));
  }
  if (added.length === 0) return spec;
  const addedNames = new Set(added.map((k) => k.key));
  return {
    ...spec,
    keys: [...spec.keys, ...added],
    unread: spec.unread.filter((u) => !addedNames.has(u.key)),
    defaultConfig: spec.defaultConfig ?? found.defaultConfig,
  };
}

function keyFromRead(read: ScannedRead, found: ScannedClass): KeySpec {
  const literal = pythonLiteral(read.defaultText);
  const value = literal?.value;
  const schema = schemaForDefault(value);
  const where = `${found.file.split("/").pop() ?? found.file}:${read.line + 1}`;
  return {
    key: read.key,
    kind:
      typeof value === "boolean"
        ? "boolean"
        : typeof value === "number"
          ? Number.isInteger(value)
            ? "integer"
            : "number"
          : Array.isArray(value)
            ? "string-list"
            : "string",
    schema,
    required: read.required,
    default: value,
    readAt: where,
    doc: read.required
      ? `Read by ${found.className} with \`method_config["${read.key}"]\` (found in the workspace's code).`
      : `Read by ${found.className} with \`method_config.get("${read.key}", ${read.defaultText ?? "None"})\` (found in the workspace's code).`,
  };
}

/** The type a scanned key accepts, inferred from its `.get` default; unknown when there is none. */
function schemaForDefault(value: unknown): z.ZodType {
  if (typeof value === "boolean") return z.boolean();
  if (typeof value === "number") return z.number(); // Python accepts an int where a float default stands, and the reverse
  if (typeof value === "string") return z.string();
  if (Array.isArray(value)) return z.array(z.unknown());
  return z.unknown();
}

function readsByKey(reads: readonly ScannedRead[]): Map<string, ReadLocation[]> {
  const map = new Map<string, ReadLocation[]>();
  for (const r of reads) {
    const list = map.get(r.key) ?? [];
    list.push({ file: r.file, line: r.line, character: r.character, endCharacter: r.endCharacter });
    map.set(r.key, list);
  }
  return map;
}
