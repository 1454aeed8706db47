import * as vscode from "vscode";
import { DEFAULT_SETTINGS, Settings } from "../../../schemas/src/settings";
import type { Log } from "../util/log";

/** Reads and validates `agentark.*` settings; the only module that calls getConfiguration. */
export class SettingsStore implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<Settings>();
  private readonly subscription: vscode.Disposable;
  current: Settings;
  readonly onDidChange = this.emitter.event;

  constructor(private readonly log: Log) {
    this.current = this.read();
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration("agentark")) return;
      this.current = this.read();
      this.emitter.fire(this.current);
    });
  }

  private read(): Settings {
    const config = vscode.workspace.getConfiguration("agentark");
    const raw: Record<string, unknown> = {};
    for (const key of Object.keys(DEFAULT_SETTINGS)) raw[key] = config.get(key);
    const parsed = Settings.safeParse(raw);
    if (parsed.success) return parsed.data;
    this.log.warn(
      `invalid agentark settings, using defaults: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
    return DEFAULT_SETTINGS;
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
