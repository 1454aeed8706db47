// The transport floor for bench/lsp-bench.mjs: a language server that does no work at all.
//
//   node bench/floor-server.cjs --stdio            the transport floor
//   node bench/floor-server.cjs --stdio --parse    the transport floor plus the YAML parse
//
// Built on the same library as ours and yaml-language-server (vscode-languageserver over stdio
// JSON-RPC), it answers every didOpen/didChange with an empty publishDiagnostics for that version,
// straight from the notification handler, and every completion with an empty list. Whatever the
// bench measures for it is the cost of the round trip itself: the client writing and the server
// reading, parsing and dispatching the message, the answer's serialisation, and the client reading
// and dispatching that. No server on this transport, and no client, can answer faster.
//
// With --parse it first parses the document the way our server's full path does
// (language-server/src/service/parse-config.ts: `yaml`'s parseAllDocuments as YAML 1.1, then toJS of
// the first document), with the same plain process.env (language-server/src/snapshot-process-env.ts).
// yaml-language-server parses with the same library, so this is the least any server that builds a
// `yaml` document pays before it has checked anything. (Ours skips it for flat configs.)
//
// It keeps no document state (no TextDocuments): the bench always sends the full text.
"use strict";
const { createConnection, TextDocumentSyncKind } = require("vscode-languageserver/node");

const parse = process.argv.includes("--parse");
let parseText = () => {};
if (parse) {
  process.env = { ...process.env }; // as our server does: `yaml` reads process.env once per token
  const { parseAllDocuments } = require("yaml");
  parseText = (text) => {
    const docs = parseAllDocuments(text, {
      uniqueKeys: false,
      prettyErrors: false,
      version: "1.1",
      logLevel: "error",
    });
    const first = Array.isArray(docs) ? docs[0] : undefined;
    if (first && first.errors.length === 0) first.toJS({ maxAliasCount: 100 });
  };
}

const connection = createConnection();

connection.onInitialize(() => ({
  capabilities: {
    textDocumentSync: TextDocumentSyncKind.Full,
    completionProvider: {},
  },
  serverInfo: { name: `lsp-bench-floor-server${parse ? " --parse" : ""}`, version: "0" },
}));

const publishEmpty = (uri, version) =>
  void connection.sendDiagnostics({ uri, version, diagnostics: [] });
connection.onDidOpenTextDocument(({ textDocument: { uri, version, text } }) => {
  parseText(text);
  publishEmpty(uri, version);
});
connection.onDidChangeTextDocument(({ textDocument: { uri, version }, contentChanges }) => {
  const last = contentChanges[contentChanges.length - 1];
  if (last) parseText(last.text);
  publishEmpty(uri, version);
});
// The bench waits for the clearing publish after didClose (no version), as both real servers send.
connection.onDidCloseTextDocument(({ textDocument: { uri } }) => publishEmpty(uri, undefined));
connection.onCompletion(() => []);

connection.listen();
