// Job ids are chosen by the client, so a job can be named (and its directory known) before the
// host answers, and a retried submit cannot start the same job twice (mkdir fails on a reuse).
import { randomBytes } from "node:crypto";

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** `<run name>-<UTC time>-<random>`, e.g. `debate-qmsum-20261123T070102-3fa9`. */
export function newJobId(name = "job", now = new Date()): string {
  const slug =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40) || "job";
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "");
  return `${slug}-${stamp}-${randomBytes(2).toString("hex")}`;
}

/** Ids become path segments and JSON strings on the host, so only a safe alphabet is allowed. */
export function assertJobId(id: string): string {
  if (!ID.test(id) || id.includes(".."))
    throw new Error(`not a valid job id: ${JSON.stringify(id)}`);
  return id;
}
