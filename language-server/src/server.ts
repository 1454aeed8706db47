import {
  createConnection,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { fileURLToPath } from "node:url";
import { ServerSettings, toServerSettings, DEFAULT_SETTINGS } from "../../schemas/src";
import { registerFeatureHandlers } from "./handlers/features";
import { parseUserHosts } from "../../schemas/src/runs/run-file";
import { datasetNames } from "./runs/dataset-names";
import { ValidationHandler } from "./handlers/validation";
import { ConfigService } from "./service/config-service";
import { SourceWatcher } from "./workspace/source-watcher";
import { snapshotProcessEnv } from "./snapshot-process-env";

// Before any parsing: every YAML token otherwise costs a read of the C++-backed environment.
snapshotProcessEnv();

const connection = createConnection(ProposedFeatures.all);
// Dependencies must not write to stdout (it may be the LSP channel): route console to the client log.
/* eslint-disable no-console -- rebinding console is the point here */
console.log = connection.console.log.bind(connection.console);
console.info = connection.console.info.bind(connection.console);
console.warn = connection.console.warn.bind(connection.console);
console.error = connection.console.error.bind(connection.console);
/* eslint-enable no-console */

const documents = new TextDocuments(TextDocument);
const service = new ConfigService();
let settings: ServerSettings = toServerSettings(DEFAULT_SETTINGS);
const validation = new ValidationHandler(connection, documents, service, () => settings);
const sources = new SourceWatcher(
  service,
  () => settings.scanSources,
  () => validation.revalidateAll(),
  (m) => connection.console.warn(m),
);

connection.onInitialize(async (params) => {
  const parsed = ServerSettings.safeParse(
    (params.initializationOptions as { settings?: unknown } | undefined)?.settings,
  );
  if (parsed.success) settings = parsed.data;
  service.runFile.setUserHosts(parseUserHosts(settings.userHosts).hosts);
  const roots = (params.workspaceFolders ?? []).map((f) => fileURLToPath(f.uri));
  if (roots.length === 0 && params.rootUri) roots.push(fileURLToPath(params.rootUri));
  sources.setRoots(roots);
  // Scan before answering, so the first diagnostics already know the workspace's own methods.
  await sources.rescan();
  service.runFile.setDatasets(await datasetNames(roots));
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: [":", " ", "-"] },
      hoverProvider: true,
      definitionProvider: true,
      documentSymbolProvider: true,
      codeActionProvider: { codeActionKinds: ["quickfix"] },
    },
    serverInfo: { name: "agentark-studio-language-server", version: "0.1.0" },
  };
});

connection.onDidChangeConfiguration((params) => {
  const parsed = ServerSettings.safeParse(
    (params.settings as { agentark?: unknown } | undefined)?.agentark,
  );
  if (!parsed.success) return;
  settings = parsed.data;
  service.runFile.setUserHosts(parseUserHosts(settings.userHosts).hosts);
  void sources.rescan();
  validation.revalidateAll();
});

connection.onDidChangeWatchedFiles((params) => {
  if (params.changes.some((c) => c.uri.endsWith(".py") || c.type === FileChangeType.Deleted))
    sources.scheduleRescan();
});

documents.onDidOpen(({ document }) => sources.noteConfig(document.uri));
registerFeatureHandlers(connection, documents, service);
documents.listen(connection);
connection.listen();
