// The Runs view: one row per job across hosts, with status, progress, elapsed time and host.
import * as vscode from "vscode";
import type { JobStatus } from "../jobs/job-state";
import type { JobRow, RunsApi } from "./runs-api";

const ICONS: Record<JobStatus, [string, string | undefined]> = {
  queued: ["clock", undefined],
  running: ["sync~spin", "charts.blue"],
  succeeded: ["pass", "testing.iconPassed"],
  failed: ["error", "testing.iconFailed"],
  cancelled: ["circle-slash", undefined],
  lost: ["question", "problemsWarningIcon.foreground"],
};

export class RunsTreeProvider implements vscode.TreeDataProvider<JobRow>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.emitter.event;

  constructor(private readonly load: () => Promise<RunsApi>) {}

  changed(): void {
    this.emitter.fire();
  }

  async getChildren(element?: JobRow): Promise<JobRow[]> {
    if (element) return [];
    return [...(await this.load()).rows()];
  }

  getTreeItem(row: JobRow): vscode.TreeItem {
    const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
    item.id = row.id;
    item.description = describeRow(row);
    const [icon, color] = ICONS[row.status];
    item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    item.contextValue = row.status === "queued" || row.status === "running" ? "job.active" : "job";
    item.tooltip = new vscode.MarkdownString(
      [
        `**${row.label}** on \`${row.host}\``,
        `job \`${row.id}\``,
        `${row.status}${row.exitCode === undefined ? "" : ` (exit ${row.exitCode})`}`,
        ...(row.reason ? [row.reason] : []),
        `submitted ${row.submittedAt}`,
      ].join("\n\n"),
    );
    item.command = { command: "agentark.showJobLog", title: "Show Job Log", arguments: [row.id] };
    return item;
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

/** `running · 40% Processing samples · 1m 12s · gpu-box` */
export function describeRow(row: JobRow, now = Date.now()): string {
  const parts: string[] = [row.status];
  if (row.exitCode !== undefined && row.status !== "succeeded") parts[0] += ` (${row.exitCode})`;
  if (row.progress && (row.status === "running" || row.status === "queued")) {
    const pct =
      row.progress.fraction === undefined ? "" : `${Math.round(row.progress.fraction * 100)}% `;
    parts.push(`${pct}${row.progress.label}`.trim());
  }
  const start = row.startedAt ?? row.submittedAt;
  const end = row.endedAt ? Date.parse(row.endedAt) : now;
  const elapsed = Math.max(0, Math.round((end - Date.parse(start)) / 1000));
  if (Number.isFinite(elapsed)) parts.push(formatElapsed(elapsed));
  parts.push(row.host);
  return parts.join(" · ");
}

export function formatElapsed(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h) return `${h}h ${m}m`;
  if (m) return `${m}m ${s}s`;
  return `${s}s`;
}
