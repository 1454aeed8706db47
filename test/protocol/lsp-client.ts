import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from "vscode-jsonrpc/node";
import type { Diagnostic, PublishDiagnosticsParams } from "vscode-languageserver-protocol";

export const ROOT = join(__dirname, "..", "..");
export const SERVER = join(ROOT, "dist", "server.js");

/** The built language server in a child process, spoken to over stdio by a real JSON-RPC client. */
export class LspClient {
  readonly connection: MessageConnection;
  private readonly child: ChildProcess;
  private readonly published: PublishDiagnosticsParams[] = [];
  private readonly waiters: {
    match: (p: PublishDiagnosticsParams) => boolean;
    resolve: (p: PublishDiagnosticsParams) => void;
  }[] = [];
  readonly logs: string[] = [];
  exitCode: number | null = null;

  constructor() {
    this.child = spawn(process.execPath, [SERVER, "--stdio"], { stdio: ["pipe", "pipe", "pipe"] });
    this.child.on("exit", (code) => (this.exitCode = code));
    this.child.stderr?.on("data", (d: Buffer) => this.logs.push(d.toString()));
    this.connection = createMessageConnection(
      new StreamMessageReader(this.child.stdout!),
      new StreamMessageWriter(this.child.stdin!),
    );
    this.connection.onNotification(
      "textDocument/publishDiagnostics",
      (p: PublishDiagnosticsParams) => {
        this.published.push(p);
        for (const w of [...this.waiters]) {
          if (w.match(p)) {
            this.waiters.splice(this.waiters.indexOf(w), 1);
            w.resolve(p);
          }
        }
      },
    );
    this.connection.onNotification("window/logMessage", (p: { message: string }) => {
      this.logs.push(p.message);
    });
    this.connection.onRequest("workspace/configuration", () => []);
    this.connection.onRequest("client/registerCapability", () => null);
    this.connection.listen();
  }

  async initialize(
    rootPath: string | null,
    settings = { validationEnabled: true, validationDelay: 0, scanSources: true },
  ) {
    const rootUri = rootPath ? `file://${rootPath}` : null;
    const result = await this.connection.sendRequest("initialize", {
      processId: process.pid,
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: "ws" }] : null,
      capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } },
      initializationOptions: { settings },
    });
    await this.connection.sendNotification("initialized", {});
    return result as { capabilities: Record<string, unknown> };
  }

  /** Resolves with the next publishDiagnostics for `uri` that satisfies `match`. */
  nextDiagnostics(
    uri: string,
    match: (d: Diagnostic[], version?: number) => boolean = () => true,
  ): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve) =>
      this.waiters.push({
        match: (p) => p.uri === uri && match(p.diagnostics, p.version),
        resolve,
      }),
    );
  }

  async open(uri: string, text: string, version = 1): Promise<Diagnostic[]> {
    const next = this.nextDiagnostics(uri, (_d, v) => v === undefined || v === version);
    await this.connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "yaml", version, text },
    });
    return (await next).diagnostics;
  }

  async change(uri: string, text: string, version: number): Promise<Diagnostic[]> {
    const next = this.nextDiagnostics(uri, (_d, v) => v === version);
    await this.connection.sendNotification("textDocument/didChange", {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
    return (await next).diagnostics;
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest("shutdown");
      await this.connection.sendNotification("exit");
    } catch {
      // The connection may already be gone; kill below either way.
    }
    this.connection.dispose();
    if (this.exitCode === null) this.child.kill();
  }
}
