import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import type * as ClientModule from "./client-main";
import { CONFIG_SELECTOR } from "./config-selector";
import type { SettingsStore } from "../settings/settings-store";
import type { Log } from "../util/log";

/**
 * Owns the language client and starts it when a method config is first opened (or at once when
 * one is open already). Loading vscode-languageclient costs ~60 ms, which activation must not pay
 * in a workspace where no config is being edited.
 */
export class LanguageFeatures implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private starting: Promise<LanguageClient> | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly settings: SettingsStore,
    private readonly log: Log,
  ) {}

  /** Starts the client now if a config is open, else on the first config that opens. */
  startWhenNeeded(): void {
    if (vscode.workspace.textDocuments.some(isConfig)) {
      setImmediate(
        () => void this.ensureStarted().catch((err: unknown) => this.reportStartFailure(err)),
      );
      return;
    }
    const listener = vscode.workspace.onDidOpenTextDocument((doc) => {
      if (!isConfig(doc)) return;
      listener.dispose();
      this.ensureStarted().catch((err: unknown) => this.reportStartFailure(err));
    });
    this.subscriptions.push(listener);
  }

  /** The running client, started first if needed. */
  ensureStarted(): Promise<LanguageClient> {
    this.starting ??= this.start();
    return this.starting;
  }

  async restart(): Promise<void> {
    const client = await this.ensureStarted();
    await client.restart();
  }

  private async start(): Promise<LanguageClient> {
    // A runtime path, so esbuild leaves this require alone and the module stays a separate file.
    const modulePath = this.context.asAbsolutePath("dist/language-client.js");
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy load of a separate bundle
    const { createLanguageClient, forwardSettings } = require(modulePath) as typeof ClientModule;
    const client = createLanguageClient(this.context, this.settings, this.log);
    this.client = client;
    this.subscriptions.push(forwardSettings(client, this.settings));
    await client.start();
    return client;
  }

  private reportStartFailure(err: unknown): void {
    this.log.error("the language server did not start", err);
    const message = err instanceof Error ? err.message : String(err);
    void vscode.window
      .showErrorMessage(
        `AgentArk Studio: the language server did not start: ${message}`,
        "Show Output",
      )
      .then((choice) => {
        if (choice) this.log.show(true);
      });
  }

  async dispose(): Promise<void> {
    for (const s of this.subscriptions) s.dispose();
    await this.client?.dispose();
  }
}

function isConfig(doc: vscode.TextDocument): boolean {
  return vscode.languages.match(CONFIG_SELECTOR, doc) > 0;
}
