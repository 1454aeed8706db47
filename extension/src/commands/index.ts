import * as vscode from "vscode";
import type { LanguageFeatures } from "../language-client/language-features";
import type { Log } from "../util/log";
import type { CommandId } from "./command-ids";

export interface CommandDeps {
  readonly features: LanguageFeatures;
  readonly log: Log;
}

type CommandHandler = (deps: CommandDeps) => Promise<void> | void;

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

const handlers = {
  "agentark.restartServer": restartServer,
  "agentark.showOutput": showOutput,
} satisfies Record<CommandId, CommandHandler>;

export function registerCommands(deps: CommandDeps): vscode.Disposable {
  return vscode.Disposable.from(
    ...Object.entries(handlers).map(([id, handler]) =>
      vscode.commands.registerCommand(id, async () => {
        try {
          await handler(deps);
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
