// Job logs as read-only virtual documents (`agentark-log:/<job id>.log`). While a log is open its
// job is followed from the byte offset already shown, so a reopen resumes with no gap and no
// duplicate; closing the document stops following, never the job.
import * as vscode from "vscode";
import type { LogFollower, LogFollowerOptions } from "../jobs/log-follower";
import type { Log } from "../../util/log";

export const LOG_SCHEME = "agentark-log";

type Follow = (id: string, options: Omit<LogFollowerOptions, "jobId" | "jobsRoot">) => LogFollower;

interface Followed {
  text: string;
  offset: number;
  follower?: LogFollower;
  /** Following ended (the job finished, or an error): not restarted until the log is reopened. */
  ended: boolean;
  /** Bytes of an incomplete UTF-8 sequence at the end of the last chunk. */
  pending: Buffer;
}

export class JobLogDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  private readonly logs = new Map<string, Followed>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly follow: Follow,
    private readonly log: Log,
  ) {
    this.subscriptions = [
      vscode.workspace.registerTextDocumentContentProvider(LOG_SCHEME, this),
      // Output that arrives while the document is still being created is not re-requested.
      vscode.workspace.onDidOpenTextDocument((doc) => this.catchUp(doc)),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (doc.uri.scheme !== LOG_SCHEME) return;
        const entry = this.logs.get(jobIdOf(doc.uri));
        if (!entry) return;
        entry.follower?.stop();
        delete entry.follower;
        entry.ended = false;
      }),
    ];
  }

  static uri(id: string): vscode.Uri {
    return vscode.Uri.from({ scheme: LOG_SCHEME, path: `/${id}.log` });
  }

  async open(id: string): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(JobLogDocuments.uri(id));
    await vscode.window.showTextDocument(doc, { preview: false });
    this.catchUp(doc);
  }

  private catchUp(doc: vscode.TextDocument): void {
    if (doc.uri.scheme !== LOG_SCHEME) return;
    const entry = this.logs.get(jobIdOf(doc.uri));
    if (entry && doc.getText() !== entry.text) this.emitter.fire(doc.uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const id = jobIdOf(uri);
    let entry = this.logs.get(id);
    if (!entry) {
      entry = { text: "", offset: 0, pending: Buffer.alloc(0), ended: false };
      this.logs.set(id, entry);
    }
    if (!entry.follower && !entry.ended) this.start(id, uri, entry);
    return entry.text;
  }

  private start(id: string, uri: vscode.Uri, entry: Followed): void {
    const follower = this.follow(id, {
      offset: entry.offset,
      onData: (chunk, offsetAfter) => {
        const bytes = Buffer.concat([entry.pending, chunk]);
        const cut = completeUtf8Length(bytes);
        entry.text += bytes.subarray(0, cut).toString("utf8");
        entry.pending = bytes.subarray(cut);
        entry.offset = offsetAfter;
        this.emitter.fire(uri);
      },
      onReconnect: (error, attempt) =>
        this.log.warn(`runs: log of ${id}: reconnecting (${attempt}): ${String(error)}`),
    });
    entry.follower = follower;
    follower
      .run()
      .then(() => {
        if (entry.follower === follower) entry.ended = true;
      })
      .catch((err: unknown) => {
        if (entry.follower !== follower) return;
        entry.ended = true;
        this.log.error(`runs: following the log of ${id} failed`, err);
        entry.text += `\n[AgentArk: following the log stopped: ${err instanceof Error ? err.message : String(err)}]\n`;
        this.emitter.fire(uri);
      })
      .finally(() => {
        if (entry.follower === follower) delete entry.follower;
      });
  }

  dispose(): void {
    for (const entry of this.logs.values()) entry.follower?.stop();
    for (const s of this.subscriptions) s.dispose();
    this.emitter.dispose();
  }
}

function jobIdOf(uri: vscode.Uri): string {
  return uri.path.replace(/^\//, "").replace(/\.log$/, "");
}

/** Length of the prefix of `bytes` that ends on a whole UTF-8 character. */
export function completeUtf8Length(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back] ?? 0;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: look further back
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}
