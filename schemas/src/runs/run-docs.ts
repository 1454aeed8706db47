import * as z from "zod/mini";
import { Host, Run, RunFile, SlurmOptions } from "./run-file";

/** Which object of the run file a field belongs to. */
export type RunFileSection = "file" | "host" | "slurm" | "run";

const SHAPES = {
  file: RunFile.def.shape,
  host: Host.def.shape,
  slurm: SlurmOptions.def.shape,
  run: Run.def.shape,
} as const;

/** The documented field names of a section, in schema order (for completion). */
export function runFileFields(section: RunFileSection): string[] {
  return Object.keys(SHAPES[section]);
}

/** The description of a field (its hover text), read from the schema so both never drift. */
export function runFileFieldDoc(section: RunFileSection, field: string): string | undefined {
  const shape: Record<string, z.core.$ZodType> = SHAPES[section];
  let schema = shape[field];
  while (schema) {
    const description = z.globalRegistry.get(schema)?.description;
    if (description) return description;
    const def = schema._zod.def as { innerType?: z.core.$ZodType };
    schema = def.innerType;
  }
  return undefined;
}
