import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { codeServerEntry } from "../harness/code-server-entry";
import { repoPaths } from "../harness/repo-paths";

/**
 * Once per e2e run, before any test timeout starts: install code-server (a no-op when cached),
 * bundle the extension-host suite, and check that the vsix under test exists.
 */
export default function setup(): void {
  process.env.AGENTARK_CODE_SERVER_ENTRY = codeServerEntry();
  execFileSync(process.execPath, ["scripts/build-integration-tests.mjs"], {
    cwd: repoPaths.root,
    stdio: "inherit",
  });
  if (!existsSync(repoPaths.vsix)) {
    throw new Error(`${repoPaths.vsix} is missing: run \`npm run package\` before the e2e tests`);
  }
}
