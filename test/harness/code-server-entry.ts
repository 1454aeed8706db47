import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { repoPaths } from "./repo-paths";

let cached: string | undefined;

/**
 * Path of code-server's entry.js. Runs scripts/install-code-server.sh, which installs on first use
 * and returns in well under a second once the cache is complete, so every caller can ask for it.
 */
export function codeServerEntry(): string {
  cached ??= process.env.AGENTARK_CODE_SERVER_ENTRY;
  if (cached) return cached;
  const out = execFileSync("bash", [path.join(repoPaths.root, "scripts/install-code-server.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const entry = out.trim().split("\n").at(-1);
  if (!entry) throw new Error("install-code-server.sh printed no entry.js path");
  cached = entry;
  return entry;
}
