import { mkdtemp, readFile, rm } from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import {
  grepEnvVar,
  type IntegrationResults,
  resultsEnvVar,
} from "../integration/runner/integration-results";
import { launchBrowser } from "./browser";
import { startCodeServer } from "./code-server";

export interface IntegrationSuiteOptions {
  /** Folder opened as the workspace; the caller passes a copy if tests may write to it. */
  workspace: string;
  vsix: string;
  /** Output of scripts/build-integration-tests.mjs: runner extension plus bundled tests. */
  testsDir: string;
  grep?: string;
  settings?: Record<string, unknown>;
  timeoutMs?: number;
}

export interface IntegrationSuiteRun {
  results: IntegrationResults;
  exitCode: number;
  logs: string;
}

/**
 * Runs the mocha suite inside code-server's real extension host. The workbench URL carries the
 * `payload` that VS Code's web client reads for extension development (extensionDevelopmentPath,
 * extensionTestsPath); the extension host starts when the page connects, runs the suite, writes
 * JSON results to the file named in its environment, and the page reports the exit through
 * `window.codeAutomationExit`, the hook VS Code calls when a test run ends.
 */
export async function runIntegrationSuite(
  opts: IntegrationSuiteOptions,
): Promise<IntegrationSuiteRun> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), "agentark-results-"));
  const resultsFile = path.join(tmp, "results.json");
  const server = await startCodeServer({
    workspace: opts.workspace,
    vsix: opts.vsix,
    ...(opts.settings ? { settings: opts.settings } : {}),
    env: {
      [resultsEnvVar]: resultsFile,
      AGENTARK_TEST_WORKSPACE: path.resolve(opts.workspace),
      ...(opts.grep ? { [grepEnvVar]: opts.grep } : {}),
    },
  });
  const browser = await launchBrowser();
  let pageLog = "";
  const logs = () => `${server.logs()}\n${pageLog}`;
  try {
    const page = await browser.newPage();
    // The extension host's console (mocha's spec reporter included) reaches the page console.
    page.on("console", (m) => (pageLog += `[page ${m.type()}] ${m.text()}\n`));
    let onExit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (onExit = resolve));
    await page.exposeFunction("codeAutomationExit", (code: number) => onExit(code));
    const remote = `vscode-remote://127.0.0.1:${server.port}`;
    const payload = JSON.stringify([
      ["extensionDevelopmentPath", `${remote}${path.resolve(opts.testsDir)}`],
      ["extensionTestsPath", `${remote}${path.resolve(opts.testsDir, "index.js")}`],
    ]);
    await page.goto(`${server.url}&payload=${encodeURIComponent(payload)}`);
    const exitCode = await withDeadline(exited, opts.timeoutMs ?? 150_000, logs);
    const results = await readResults(resultsFile, exitCode, logs());
    return { results, exitCode, logs: logs() };
  } finally {
    await browser.close();
    await server.stop();
    await rm(tmp, { recursive: true, force: true });
  }
}

function withDeadline<T>(p: Promise<T>, ms: number, logs: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`extension-host suite did not finish within ${ms} ms\n${logs()}`)),
      ms,
    );
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

async function readResults(
  file: string,
  exitCode: number,
  logs: string,
): Promise<IntegrationResults> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as IntegrationResults;
  } catch {
    // No results: the runner crashed before mocha finished (load error, extension host crash).
    throw new Error(`extension host exited with code ${exitCode} and wrote no results\n${logs}`);
  }
}
