import * as vscode from "vscode";
import { registerCommands } from "./commands";
import { CurationEditorProvider } from "./curation-editor/curation-editor-provider";
import { LanguageFeatures } from "./language-client/language-features";
import { RunsFeatures } from "./runs/ui/runs-features";
import { SettingsStore } from "./settings/settings-store";
import { createLog } from "./util/log";

let features: LanguageFeatures | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const log = createLog("AgentArk Studio");
  try {
    const settings = new SettingsStore(log);
    features = new LanguageFeatures(context, settings, log);
    const runs = new RunsFeatures({ context, settings, log });
    context.subscriptions.push(
      log,
      settings,
      runs,
      registerCommands({ features, log, runs }),
      CurationEditorProvider.register({ context, settings, log }),
    );
    features.startWhenNeeded();
  } catch (err) {
    log.error("activation failed", err);
    const message = err instanceof Error ? err.message : String(err);
    void vscode.window.showErrorMessage(`AgentArk Studio failed to start: ${message}`);
    throw err;
  }
}

export async function deactivate(): Promise<void> {
  await features?.dispose();
}
