/** Every command the extension contributes (no vscode import: checked against package.json in unit tests). */
export const COMMAND_IDS = [
  "agentark.restartServer",
  "agentark.showOutput",
  "agentark.exportTrainingData",
  "agentark.startRun",
  "agentark.newRun",
  "agentark.runInferenceWithConfig",
  "agentark.openJobResults",
  "agentark.refreshJobs",
  "agentark.showJobLog",
  "agentark.cancelJob",
  "agentark.refreshHosts",
] as const;
export type CommandId = (typeof COMMAND_IDS)[number];
