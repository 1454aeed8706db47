// `npm run test:desktop`: the same extension-host suite that runs in code-server, in VS Code
// desktop through @vscode/test-electron, on the engines minimum and on stable. It downloads
// VS Code, so it runs only where that is possible (not on the offline CI machines, which use
// code-server: test/e2e/integration-suite.test.ts).
import { runTests } from "@vscode/test-electron";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildIntegrationTests } from "./build-integration-tests.mjs";

const root = resolve(import.meta.dirname, "..");
const testsPath = await buildIntegrationTests();
let failed = false;
for (const version of ["1.100.3", "stable"]) {
  const temp = await mkdtemp(join(tmpdir(), "agentark-desktop-"));
  const workspace = join(temp, "workspace");
  await cp(join(root, "test", "fixtures", "workspace"), workspace, { recursive: true });
  try {
    await runTests({
      version,
      extensionDevelopmentPath: root,
      extensionTestsPath: join(testsPath, "index.js"),
      launchArgs: [workspace, "--disable-extensions", "--disable-workspace-trust"],
      extensionTestsEnv: { AGENTARK_TEST_WORKSPACE: workspace },
    });
    console.log(`VS Code ${version}: passed`);
  } catch (err) {
    failed = true;
    console.error(`VS Code ${version}: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}
process.exitCode = failed ? 1 : 0;
