// The Runs UI as activation sees it: a view, commands, CodeLens and a task provider whose work
// happens in dist/runs.js, loaded the first time a runs feature is used (the job engine, YAML
// parser and run checks stay out of dist/extension.js and out of activation).
import * as vscode from "vscode";
import type { SettingsStore } from "../../settings/settings-store";
import type { Log } from "../../util/log";
import type { RunsApi } from "./runs-api";
import type * as RunsModule from "./runs-main";
import { HostsTreeProvider } from "./hosts-tree";
import { METHOD_CONFIG_SELECTOR, methodConfigLenses } from "./method-config-lenses";
import { RunsTreeProvider } from "./runs-tree";

export const RUNS_VIEW_ID = "agentark.runs";
export const HOSTS_VIEW_ID = "agentark.hosts";
export const RUN_FILE_SELECTOR: vscode.DocumentSelector = {
  scheme: "file",
  pattern: "**/agentark.runs.yaml",
};

export interface RunsFeaturesDeps {
  readonly context: vscode.ExtensionContext;
  readonly settings: SettingsStore;
  readonly log: Log;
}

export class RunsFeatures implements vscode.Disposable {
  private api: Promise<RunsApi> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private hostsTimer: NodeJS.Timeout | undefined;
  private readonly hosts: HostsTreeProvider;
  private readonly hostsView: vscode.TreeView<unknown>;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly tree: RunsTreeProvider;
  private readonly view: vscode.TreeView<unknown>;
  private readonly codeLensChanged = new vscode.EventEmitter<void>();

  constructor(private readonly deps: RunsFeaturesDeps) {
    this.tree = new RunsTreeProvider(() => this.load());
    this.view = vscode.window.createTreeView(RUNS_VIEW_ID, {
      treeDataProvider: this.tree,
      showCollapseAll: false,
    });
    this.hosts = new HostsTreeProvider(() => this.load());
    this.hostsView = vscode.window.createTreeView(HOSTS_VIEW_ID, { treeDataProvider: this.hosts });
    this.subscriptions.push(
      this.tree,
      this.view,
      this.hosts,
      this.hostsView,
      this.hostsView.onDidChangeVisibility(() => this.scheduleHosts()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.hosts.refresh()),
      this.codeLensChanged,
      vscode.languages.registerCodeLensProvider(RUN_FILE_SELECTOR, {
        onDidChangeCodeLenses: this.codeLensChanged.event,
        provideCodeLenses: async (doc) =>
          deps.settings.current["runs.codeLens"] ? (await this.load()).codeLenses(doc) : [],
      }),
      vscode.languages.registerCodeLensProvider(METHOD_CONFIG_SELECTOR, {
        onDidChangeCodeLenses: this.codeLensChanged.event,
        provideCodeLenses: (doc) =>
          deps.settings.current["runs.codeLens"] ? methodConfigLenses(doc) : [],
      }),
      vscode.tasks.registerTaskProvider("agentark", {
        provideTasks: async () => (await this.load()).provideTasks(),
        resolveTask: async (task) => (await this.load()).resolveTask(task),
      }),
      deps.settings.onDidChange(() => {
        this.codeLensChanged.fire();
        this.schedule();
        this.scheduleHosts();
      }),
      this.view.onDidChangeVisibility(() => this.schedule()),
    );
  }

  /** The engine side, loaded on first use. */
  load(): Promise<RunsApi> {
    this.api ??= Promise.resolve().then(() => this.create());
    return this.api;
  }

  async refresh(): Promise<void> {
    await (await this.load()).refresh();
  }

  refreshHosts(): void {
    this.hosts.refresh();
    this.scheduleHosts();
  }

  /** Re-probes the hosts every `runs.hostsRefreshSeconds` while the Hosts view is visible. */
  private scheduleHosts(): void {
    if (this.hostsTimer) clearTimeout(this.hostsTimer);
    this.hostsTimer = undefined;
    const seconds = this.deps.settings.current["runs.hostsRefreshSeconds"];
    if (seconds <= 0 || !this.hostsView.visible) return;
    this.hostsTimer = setTimeout(() => this.refreshHosts(), seconds * 1000);
  }

  private create(): RunsApi {
    // A runtime path, so esbuild leaves this require alone and the module stays a separate file.
    const modulePath = this.deps.context.asAbsolutePath("dist/runs.js");
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy load of a separate bundle
    const { createRunsApi } = require(modulePath) as typeof RunsModule;
    const api = createRunsApi({
      context: this.deps.context,
      log: this.deps.log,
      settings: () => this.deps.settings.current,
    });
    this.subscriptions.push(
      api,
      api.onDidChangeRows(() => {
        this.tree.changed();
        this.schedule();
      }),
    );
    this.schedule();
    return api;
  }

  /**
   * Polls while it is worth it: the engine is loaded, the interval is not 0, and the view is
   * visible or a job is still active (so its end can be notified).
   */
  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const seconds = this.deps.settings.current["runs.refreshSeconds"];
    if (!this.api || seconds <= 0) return;
    const api = this.api;
    this.timer = setTimeout(() => {
      void api.then(async (a) => {
        if (this.view.visible || a.hasActiveJobs()) await a.refresh();
        else this.schedule();
      });
    }, seconds * 1000);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.hostsTimer) clearTimeout(this.hostsTimer);
    this.timer = undefined;
    for (const s of this.subscriptions) s.dispose();
  }
}
