// Hot-exit backups hold the unsaved edits, not the file: a results file can be gigabytes and the
// edits a few hundred bytes. Restoring replays them onto the original, checking each row's query
// so that an edit never lands on a different record if the file changed meanwhile.
import { randomBytes } from "node:crypto";
import { open, readFile, rename, unlink } from "node:fs/promises";
import { CurationEdit } from "../../../schemas/src/records";
import type { EditProvenance } from "./audit-trail";
import type { FileFingerprint } from "./file-fingerprint";

/** One net edit not yet saved, in the order it was made. */
export interface PendingEdit {
  edit: CurationEdit;
  provenance: EditProvenance;
  /** ISO time the edit was made. */
  time: string;
  before: unknown;
  /** The row's query when the edit was made (AgentArk's join key), if it has one. */
  query: string | null;
}

export interface CurationBackup {
  version: 1;
  path: string;
  fingerprint: FileFingerprint;
  edits: PendingEdit[];
}

export async function writeBackup(destination: string, backup: CurationBackup): Promise<void> {
  const temp = `${destination}.${randomBytes(6).toString("hex")}.tmp`;
  const fh = await open(temp, "wx", 0o600);
  try {
    await fh.writeFile(JSON.stringify(backup), "utf8");
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(temp, destination);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
}

function isPendingEdit(value: unknown): value is PendingEdit {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  const provenance = v.provenance as Record<string, unknown> | undefined;
  return (
    CurationEdit.safeParse(v.edit).success &&
    typeof provenance?.author === "string" &&
    (provenance.source === "human" || provenance.source === "judge") &&
    (provenance.reason === undefined || typeof provenance.reason === "string") &&
    typeof v.time === "string" &&
    (v.query === null || typeof v.query === "string")
  );
}

export async function readBackup(source: string): Promise<CurationBackup> {
  const parsed = JSON.parse(await readFile(source, "utf8")) as Partial<CurationBackup>;
  if (parsed.version !== 1 || typeof parsed.path !== "string" || !Array.isArray(parsed.edits))
    throw new Error(`${source} is not an AgentArk Studio curation backup`);
  if (!parsed.edits.every(isPendingEdit)) throw new Error(`${source} holds a malformed edit`);
  return parsed as CurationBackup;
}
