/** What the extension-host runner writes and the e2e side reads: plain JSON, no vscode types. */
export interface IntegrationTestResult {
  title: string;
  fullTitle: string;
  state: "passed" | "failed" | "pending";
  durationMs: number;
  error?: string;
}

export interface IntegrationResults {
  passed: number;
  failed: number;
  pending: number;
  failures: { title: string; error: string }[];
  tests: IntegrationTestResult[];
}

/** Environment variable naming the JSON file the runner writes; code-server passes its env on. */
export const resultsEnvVar = "AGENTARK_TEST_RESULTS";
/** Optional mocha --grep for the extension-host suite. */
export const grepEnvVar = "AGENTARK_TEST_GREP";
