import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import { registerCommands } from "./commands";
import { createLanguageClient, forwardSettings } from "./language-client/start-client";
import { SettingsStore } from "./settings/settings-store";
import { createLog } from "./util/log";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
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
    await client.start();
  } catch (err) {
    log.error("activation failed", err);
    void vscode.window.showErrorMessage(
      `AgentArk Studio failed to start: ${err instanceof Error ? err.message : String(err)}`,
    );
    throw err;
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
