import type { Connection, TextDocuments } from "vscode-languageserver/node";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { ConfigService } from "../service/config-service";

/** Completion, hover, quick fixes, go-to-definition and outline, each guarded so a bug answers empty. */
export function registerFeatureHandlers(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  service: ConfigService,
): void {
  const withDoc =
    <P extends { textDocument: { uri: string } }, R>(
      empty: R,
      run: (doc: TextDocument, params: P) => R,
    ) =>
    (params: P): R => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc || !service.handles(doc.uri)) return empty;
      try {
        return run(doc, params);
      } catch (err) {
        connection.console.error(
          `request on ${doc.uri} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
        );
        return empty;
      }
    };
  connection.onCompletion(withDoc([], (doc, p) => service.complete(doc, p.position)));
  connection.onHover(withDoc(null, (doc, p) => service.hover(doc, p.position)));
  connection.onDefinition(withDoc([], (doc, p) => service.definition(doc, p.position)));
  connection.onDocumentSymbol(withDoc([], (doc) => service.symbols(doc)));
  connection.onCodeAction(withDoc([], (doc, p) => service.codeActions(doc, p.context.diagnostics)));
}
