import type { Connection, TextDocuments } from "vscode-languageserver/node";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { ServerSettings } from "../../../schemas/src";
import type { ConfigService } from "../service/config-service";

/**
 * Validates method configs on open (at once) and on change (after the configured delay),
 * and clears a document's diagnostics when it closes.
 */
export class ValidationHandler {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Documents checked at least once; the first check (on open) is never delayed. */
  private readonly seen = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly service: ConfigService,
    private readonly settings: () => ServerSettings,
  ) {
    // TextDocuments fires onDidChangeContent on open too: one handler, so an open is checked once.
    documents.onDidChangeContent(({ document }) => this.schedule(document));
    documents.onDidClose(({ document }) => {
      this.cancel(document.uri);
      this.seen.delete(document.uri);
      void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    });
  }

  /** Re-checks every open config, e.g. after settings or workspace sources changed. */
  revalidateAll(): void {
    for (const document of this.documents.all()) this.validateNow(document);
  }

  private schedule(document: TextDocument): void {
    const delay = this.seen.has(document.uri) ? this.settings().validationDelay : 0;
    this.cancel(document.uri);
    if (delay <= 0) return this.validateNow(document);
    this.timers.set(
      document.uri,
      setTimeout(() => {
        this.timers.delete(document.uri);
        const current = this.documents.get(document.uri);
        if (current) this.validateNow(current);
      }, delay),
    );
  }

  private cancel(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) clearTimeout(timer);
    this.timers.delete(uri);
  }

  private validateNow(document: TextDocument): void {
    if (!this.service.handles(document.uri)) return;
    this.seen.add(document.uri);
    let diagnostics: ReturnType<ConfigService["validate"]> = [];
    if (this.settings().validationEnabled) {
      try {
        diagnostics = this.service.validate(document);
      } catch (err) {
        this.connection.console.error(
          `validation of ${document.uri} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
        );
      }
    }
    void this.connection.sendDiagnostics({
      uri: document.uri,
      version: document.version,
      diagnostics,
    });
  }
}
