import * as vscode from "vscode";
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";
import { toServerSettings } from "../../../schemas/src/settings";
import type { SettingsStore } from "../settings/settings-store";
import type { Log } from "../util/log";

import { CONFIG_SELECTOR } from "./config-selector";

/** Creates the language client; the server runs in a Node child process over IPC. */
export function createLanguageClient(
  context: vscode.ExtensionContext,
  settings: SettingsStore,
  log: Log,
): LanguageClient {
  const module = context.asAbsolutePath("dist/server.js");
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: {
      module,
      transport: TransportKind.ipc,
      options: { execArgv: ["--nolazy", "--inspect=6009"] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: CONFIG_SELECTOR,
    outputChannel: log,
    initializationOptions: { settings: toServerSettings(settings.current) },
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/methods/**/*.py") },
  };
  return new LanguageClient(
    "agentark",
    "AgentArk Studio language server",
    serverOptions,
    clientOptions,
  );
}

/** Pushes setting changes to the server at once, so no reload is needed. */
export function forwardSettings(
  client: LanguageClient,
  settings: SettingsStore,
): vscode.Disposable {
  return settings.onDidChange((s) => {
    if (client.isRunning())
      void client.sendNotification("workspace/didChangeConfiguration", {
        settings: { agentark: toServerSettings(s) },
      });
  });
}
