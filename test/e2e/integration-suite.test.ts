import { describe, it } from "vitest";
import { copyWorkspace } from "../harness/copy-workspace";
import { repoPaths } from "../harness/repo-paths";
import { type IntegrationSuiteRun, runIntegrationSuite } from "../harness/run-integration-suite";

// Runs test/integration/*.test.ts (mocha, inside code-server's extension host) and reports each
// mocha test as a vitest test. The run happens while vitest collects this file, because vitest
// needs the list of tests before it runs any; a run that produces no results is one failed test.
describe("extension host (code-server)", async () => {
  let run: IntegrationSuiteRun | Error;
  const ws = await copyWorkspace(repoPaths.fixtureWorkspace);
  try {
    run = await runIntegrationSuite({
      workspace: ws.dir,
      vsix: repoPaths.vsix,
      testsDir: repoPaths.integrationTests,
      ...(process.env.AGENTARK_TEST_GREP ? { grep: process.env.AGENTARK_TEST_GREP } : {}),
    });
  } catch (err) {
    run = err instanceof Error ? err : new Error(String(err));
  } finally {
    await ws.remove();
  }

  if (run instanceof Error) {
    const error = run;
    it("runs the suite", () => {
      throw error;
    });
    return;
  }
  const { results, exitCode, logs } = run;
  if (results.tests.length === 0) {
    it("runs at least one test", () => {
      throw new Error(`no mocha tests ran (exit code ${exitCode})\n${logs}`);
    });
  }
  for (const t of results.tests) {
    if (t.state === "pending") it.skip(t.fullTitle, () => undefined);
    else
      it(t.fullTitle, () => {
        if (t.state === "failed") throw remoteError(t.error ?? "failed");
      });
  }
});

/** An Error whose stack is the one recorded in the extension host, not this file's. */
function remoteError(stack: string): Error {
  const [, name = "Error", message = stack] = /^(\w*)(?:\s\[\w+\])?: (.*)/.exec(stack) ?? [];
  const err = new Error(message);
  err.name = name;
  err.stack = stack;
  return err;
}
