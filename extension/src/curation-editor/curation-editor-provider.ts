import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import type { CurationEdit } from "../../../schemas/src/records";
import {
  FromWebview,
  type CurationSettings,
  type ToWebview,
} from "../../../schemas/src/webview-protocol";
import type { EditProvenance } from "../curation/audit-trail";
import { renderWebviewHtml } from "../panels/webview-html";
import type { SettingsStore } from "../settings/settings-store";
import type { Log } from "../util/log";
import { localUserName } from "../util/user-name";
import { CurationEditorDocument } from "./curation-editor-document";
import { CurationSession } from "./curation-session";
import { isSidecar } from "./is-sidecar";

/**
 * The curation editor: a custom editor over its own document model (not a text document: result
 * files reach gigabytes). Undo/redo, dirty state, save, save as, revert and hot-exit backup go
 * through the custom document's edit events, so they behave as in every other editor.
 */
export class CurationEditorProvider implements vscode.CustomEditorProvider<CurationEditorDocument> {
  /** Default editor for `*_infer.jsonl` and `*_labeled_by_*.jsonl`. */
  static readonly viewType = "agentark.curationEditor";
  /** The same editor, offered through "Open With..." for any `.jsonl`. */
  static readonly anyJsonlViewType = "agentark.curationEditor.anyJsonl";

  private readonly changeEmitter = new vscode.EventEmitter<
    vscode.CustomDocumentEditEvent<CurationEditorDocument>
  >();
  readonly onDidChangeCustomDocument = this.changeEmitter.event;

  constructor(
    private readonly viewType: string,
    private readonly context: vscode.ExtensionContext,
    private readonly settings: SettingsStore,
    private readonly log: Log,
  ) {}

  static register(deps: {
    context: vscode.ExtensionContext;
    settings: SettingsStore;
    log: Log;
  }): vscode.Disposable {
    const options = {
      webviewOptions: { retainContextWhenHidden: false },
      supportsMultipleEditorsPerDocument: true,
    };
    // One provider per view type: VS Code matches each edit event to the documents of the
    // registration whose emitter fired it, so a shared emitter reports "No custom document found".
    const disposables = [
      CurationEditorProvider.viewType,
      CurationEditorProvider.anyJsonlViewType,
    ].flatMap((viewType) => {
      const provider = new CurationEditorProvider(viewType, deps.context, deps.settings, deps.log);
      return [
        vscode.window.registerCustomEditorProvider(viewType, provider, options),
        provider.changeEmitter,
      ];
    });
    return vscode.Disposable.from(...disposables);
  }

  async openCustomDocument(
    uri: vscode.Uri,
    context: vscode.CustomDocumentOpenContext,
  ): Promise<CurationEditorDocument> {
    if (uri.scheme !== "file")
      throw new Error("The curation editor opens files on this machine's disk only.");
    return CurationEditorDocument.open(
      uri,
      {
        separator: () => this.curationSettings().stepSeparator,
        keepLineLength: () => this.settings.current["curation.keepLineLength"],
      },
      context.backupId,
      vscode.Uri.joinPath(this.context.extensionUri, "dist", "stats-worker.js").fsPath,
    );
  }

  resolveCustomEditor(document: CurationEditorDocument, panel: vscode.WebviewPanel): void {
    if (this.viewType === CurationEditorProvider.viewType && isSidecar(document.uri.path)) {
      void this.reopenAsText(document.uri, panel);
      return;
    }
    const webview = panel.webview;
    const dist = vscode.Uri.joinPath(this.context.extensionUri, "dist", "webview");
    webview.options = {
      enableScripts: true,
      localResourceRoots: [dist, vscode.Uri.joinPath(this.context.extensionUri, "media")],
    };
    webview.html = renderWebviewHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, "main.js")).toString(),
      styleUris: [webview.asWebviewUri(vscode.Uri.joinPath(dist, "main.css")).toString()],
      nonce: randomBytes(16).toString("base64"),
      title: `AgentArk curation: ${document.uri.path.split("/").pop() ?? ""}`,
    });

    let ready = false;
    const queue: ToWebview[] = [];
    const post = (message: ToWebview) => {
      if (ready) void webview.postMessage(message);
      else queue.push(message);
    };
    const session = new CurationSession(document, this.actionsFor(document, post), post, () =>
      this.curationSettings(),
    );
    const sendInit = () =>
      post({
        type: "init",
        fileName: document.uri.path.split("/").pop() ?? "",
        settings: this.curationSettings(),
        index: document.indexProgress,
        readOnly: false,
      });

    const subscriptions = [
      webview.onDidReceiveMessage((raw: unknown) => {
        const parsed = FromWebview.safeParse(raw);
        if (!parsed.success)
          return this.log.warn(
            `bad message from the curation webview: ${JSON.stringify(parsed.error.issues)}`,
          );
        if (parsed.data.type === "ready") {
          ready = true;
          sendInit();
          for (const m of queue.splice(0)) void webview.postMessage(m);
        }
        session.handle(parsed.data).catch((err: unknown) => {
          this.log.error("curation request failed", err);
          post({ type: "error", message: err instanceof Error ? err.message : String(err) });
        });
      }),
      document.onDidIndex((progress) => void session.indexGrew(progress)),
      document.onDidChangeLine((line) => void session.refresh(line)),
      document.onDidReset(() => sendInit()),
      this.settings.onDidChange(() =>
        post({ type: "settings", settings: this.curationSettings() }),
      ),
    ];
    panel.onDidDispose(() => {
      session.dispose();
      for (const s of subscriptions) s.dispose();
    });
  }

  async saveCustomDocument(document: CurationEditorDocument): Promise<void> {
    const result = await document.save();
    if (result.kind === "conflict") await this.conflict(document, result.reason);
    else if (result.auditError)
      void vscode.window.showWarningMessage(
        `Saved, but the audit trail could not be written: ${result.auditError}`,
      );
  }

  async saveCustomDocumentAs(
    document: CurationEditorDocument,
    destination: vscode.Uri,
  ): Promise<void> {
    const result = await document.save(destination);
    if (result.kind === "conflict") throw new Error(`Not saved: ${result.reason}`);
  }

  revertCustomDocument(document: CurationEditorDocument): Promise<void> {
    return document.revert();
  }

  backupCustomDocument(
    document: CurationEditorDocument,
    context: vscode.CustomDocumentBackupContext,
  ): Promise<vscode.CustomDocumentBackup> {
    this.log.info(`backup of ${document.uri.fsPath} to ${context.destination.toString()}`);
    return document.backup(context.destination);
  }

  /**
   * The file changed on disk in a way other than appended lines: never overwrite silently. Save
   * As writes the edits onto the file as it was opened (still whole when another file took its
   * name); the editor then shows the file now on disk, and the copy opens beside it.
   */
  private async conflict(document: CurationEditorDocument, reason: string): Promise<void> {
    const saveAs = "Save As...";
    const name = document.uri.path.split("/").pop() ?? "";
    const choice = await vscode.window.showWarningMessage(
      `${name} changed on disk since it was opened (${reason}). Your edits are kept; nothing was overwritten.`,
      { modal: true },
      saveAs,
    );
    const target =
      choice === saveAs
        ? await vscode.window.showSaveDialog({ defaultUri: document.uri })
        : undefined;
    if (!target) throw new Error("Save cancelled: the file changed on disk.");
    await this.saveCustomDocumentAs(document, target);
    await document.revert();
    await vscode.commands.executeCommand("vscode.openWith", target, this.viewType, {
      viewColumn: vscode.ViewColumn.Beside,
    });
    void vscode.window.showInformationMessage(
      `Your edits are saved in ${target.path.split("/").pop()}; ${name} shows the file now on disk.`,
    );
  }

  private actionsFor(document: CurationEditorDocument, post: (m: ToWebview) => void) {
    return {
      applyEdit: async (edit: CurationEdit, reason: string | undefined) => {
        const provenance: EditProvenance = {
          author: this.curationSettings().author,
          source: "human",
          ...(reason === undefined ? {} : { reason }),
        };
        const applied = await document.apply(edit, provenance);
        this.changeEmitter.fire({
          document,
          label: labelOf(edit),
          undo: async () => {
            await document.apply(applied.inverse, provenance);
            post({ type: "editUndone", edit });
          },
          redo: async () => {
            await document.apply(applied.edit, provenance);
            post({ type: "editRedone", edit });
          },
        });
      },
      undo: async () => void (await vscode.commands.executeCommand("undo")),
      redo: async () => void (await vscode.commands.executeCommand("redo")),
      audit: async (line: number) => ({
        type: "audit" as const,
        line,
        entries: await document.auditFor(line),
      }),
      openExport: () =>
        void vscode.commands.executeCommand("agentark.exportTrainingData", document.uri),
      openRaw: (line: number) => void this.openRaw(document.uri, line),
      openLink: (url: string) => void this.openLink(url),
      log: (level: "info" | "warn" | "error", message: string) =>
        this.log[level](`webview: ${message}`),
    };
  }

  /**
   * The default pattern caught an audit trail or step-score sidecar: show it in the text editor
   * in the same place instead. "Open With..." on the any-`.jsonl` editor still opens it here.
   */
  private async reopenAsText(uri: vscode.Uri, panel: vscode.WebviewPanel): Promise<void> {
    try {
      await vscode.commands.executeCommand("vscode.openWith", uri, "default", panel.viewColumn);
    } catch (err) {
      this.log.error(`could not open ${uri.fsPath} as text`, err);
    }
    panel.dispose();
  }

  private async openRaw(uri: vscode.Uri, line: number): Promise<void> {
    const position = new vscode.Position(line, 0);
    await vscode.commands.executeCommand("vscode.openWith", uri, "default", {
      selection: new vscode.Range(position, position),
    });
  }

  /** Links in model output are untrusted: only http(s), and only after the user says so. */
  private async openLink(url: string): Promise<void> {
    let parsed: vscode.Uri;
    try {
      parsed = vscode.Uri.parse(url, true);
    } catch {
      return;
    }
    if (parsed.scheme !== "http" && parsed.scheme !== "https") return;
    const open = "Open";
    const choice = await vscode.window.showWarningMessage(
      `Open a link from the record text?\n${url}`,
      { modal: true },
      open,
    );
    if (choice === open) await vscode.env.openExternal(parsed);
  }

  private curationSettings(): CurationSettings {
    const s = this.settings.current;
    return {
      stepSeparator: s["curation.stepSeparator"],
      prmThreshold: s["curation.prmThreshold"],
      author: s["curation.author"] || localUserName(),
    };
  }
}

function labelOf(edit: CurationEdit): string {
  switch (edit.type) {
    case "set-correct":
      return `Mark solution ${edit.solutionId} ${edit.value === null ? "unlabeled" : edit.value ? "correct" : "incorrect"}`;
    case "set-step-label":
      return `Label step ${edit.step + 1} of solution ${edit.solutionId}`;
    case "set-note":
      return "Edit note";
  }
}
