// Loaded by the extension host through `extensionTestsPath`: VS Code calls run() once the
// extensions have been scanned, then ends the extension host with its outcome.
import * as fs from "node:fs";
import * as path from "node:path";
import Mocha from "mocha";
import {
  grepEnvVar,
  type IntegrationResults,
  type IntegrationTestResult,
  resultsEnvVar,
} from "./integration-results";

export async function run(): Promise<void> {
  let results: IntegrationResults;
  try {
    results = await runSuite();
  } catch (err) {
    // A test file that throws while loading never reaches mocha's reporter: report it as a test.
    results = summarize([
      {
        title: "load",
        fullTitle: "integration runner: load",
        state: "failed",
        durationMs: 0,
        error: describeError(err),
      },
    ]);
  }
  const out = process.env[resultsEnvVar];
  if (out) fs.writeFileSync(out, JSON.stringify(results, null, 2));
  // A rejected run() makes the extension host exit non-zero, which the e2e side also sees.
  if (results.failed > 0) throw new Error(`${results.failed} integration test(s) failed`);
}

async function runSuite(): Promise<IntegrationResults> {
  const mocha = new Mocha({ ui: "bdd", color: false, timeout: 30_000, reporter: "spec" });
  const grep = process.env[grepEnvVar];
  if (grep) mocha.grep(grep);
  for (const file of fs.readdirSync(__dirname).sort()) {
    if (file.endsWith(".test.js")) mocha.addFile(path.join(__dirname, file));
  }
  await mocha.loadFilesAsync();
  return runMocha(mocha);
}

function runMocha(mocha: Mocha): Promise<IntegrationResults> {
  const tests: IntegrationTestResult[] = [];
  const record = (t: Mocha.Test, state: IntegrationTestResult["state"], err?: unknown) => {
    tests.push({
      title: t.title,
      fullTitle: t.fullTitle(),
      state,
      durationMs: t.duration ?? 0,
      ...(err === undefined ? {} : { error: describeError(err) }),
    });
  };
  return new Promise((resolve) => {
    const runner = mocha.run(() => resolve(summarize(tests)));
    runner.on("pass", (t) => record(t, "passed"));
    runner.on("pending", (t) => record(t, "pending"));
    // Hook failures arrive as a "fail" for the hook itself: still a failure to report.
    runner.on("fail", (t, err) => record(t, "failed", err));
  });
}

function summarize(tests: IntegrationTestResult[]): IntegrationResults {
  const failed = tests.filter((t) => t.state === "failed");
  return {
    passed: tests.filter((t) => t.state === "passed").length,
    failed: failed.length,
    pending: tests.filter((t) => t.state === "pending").length,
    failures: failed.map((t) => ({ title: t.fullTitle, error: t.error ?? "" })),
    tests,
  };
}

function describeError(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}
