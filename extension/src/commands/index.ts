import * as vscode from "vscode";
import type { LanguageFeatures } from "../language-client/language-features";
import type { RunsFeatures } from "../runs/ui/runs-features";
import type { Log } from "../util/log";
import type { CommandId } from "./command-ids";
import { exportTrainingData } from "./export-training-data";
import {
  cancelJob,
  newRun,
  openJobResults,
  refreshJobs,
  runInferenceWithConfig,
  showJobLog,
  startRun,
} from "./run-commands";

export interface CommandDeps {
  readonly features: LanguageFeatures;
  readonly log: Log;
  readonly runs: RunsFeatures;
}

type CommandHandler = (deps: CommandDeps, ...args: unknown[]) => Promise<void> | void;

async function restartServer({ features, log }: CommandDeps): Promise<void> {
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: "Restarting the AgentArk language server" },
    async () => {
      await features.restart();
    },
  );
  log.info("language server restarted");
  void vscode.window.setStatusBarMessage("AgentArk language server restarted", 3000);
}

function showOutput({ log }: CommandDeps): void {
  log.show(true);
}

const handlers: Record<CommandId, CommandHandler> = {
  "agentark.restartServer": restartServer,
  "agentark.showOutput": showOutput,
  "agentark.exportTrainingData": ({ log }, target) => exportTrainingData(log, target),
  "agentark.startRun": ({ runs }, name) => startRun(runs, name),
  "agentark.newRun": ({ runs }) => newRun(runs),
  "agentark.runInferenceWithConfig": ({ runs }, uri) => runInferenceWithConfig(runs, uri),
  "agentark.openJobResults": ({ runs }, target) => openJobResults(runs, target),
  "agentark.refreshJobs": ({ runs }) => refreshJobs(runs),
  "agentark.showJobLog": ({ runs }, target) => showJobLog(runs, target),
  "agentark.cancelJob": ({ runs }, target) => cancelJob(runs, target),
  "agentark.refreshHosts": ({ runs }) => runs.refreshHosts(),
};

export function registerCommands(deps: CommandDeps): vscode.Disposable {
  return vscode.Disposable.from(
    ...Object.entries(handlers).map(([id, handler]) =>
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          await handler(deps, ...args);
        } catch (err) {
          deps.log.error(`${id} failed`, err);
          void vscode.window.showErrorMessage(
            `AgentArk Studio: ${err instanceof Error ? err.message : String(err)}`,
          );
        }
      }),
    ),
  );
}
