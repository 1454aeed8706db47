import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import { registerCommands } from "./commands";
import { createLanguageClient, forwardSettings } from "./language-client/start-client";
import { SettingsStore } from "./settings/settings-store";
import { createLog, type Log } from "./util/log";

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const log = createLog("AgentArk Studio");
  try {
    const settings = new SettingsStore(log);
    client = createLanguageClient(context, settings, log);
    context.subscriptions.push(
      log,
      settings,
      client,
      forwardSettings(client, settings),
      registerCommands({ client, log }),
    );
    // Not awaited: activation stays cheap; the server's start-up (spawn, initialize, first
    // source scan) runs behind it, and the client queues requests until it is ready.
    client.start().catch((err: unknown) => reportStartFailure(log, err));
  } catch (err) {
    log.error("activation failed", err);
    void vscode.window.showErrorMessage(
      `AgentArk Studio failed to start: ${err instanceof Error ? err.message : String(err)}`,
    );
    throw err;
  }
}

function reportStartFailure(log: Log, err: unknown): void {
  log.error("the language server did not start", err);
  void vscode.window
    .showErrorMessage(
      `AgentArk Studio: the language server did not start: ${err instanceof Error ? err.message : String(err)}`,
      "Show Output",
    )
    .then((choice) => {
      if (choice) log.show(true);
    });
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
