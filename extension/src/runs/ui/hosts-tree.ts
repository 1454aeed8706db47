// The Hosts view: each host of the run file (and `local`) with reachability, the checkout,
// Python, GPUs (their processes below them), disk free, and a Slurm host's partitions and queue.
// Probing runs the hosts' setup lines, so not in Restricted Mode.
import * as vscode from "vscode";
import type { HostDetail, HostRow, RunsApi } from "./runs-api";

/** A detail row, with the labels above it: tree ids must be unique across the whole view. */
type DetailNode = HostDetail & { readonly host: string; readonly path: string };
type Node = HostRow | DetailNode;

function detailNodes(details: readonly HostDetail[], host: string, parent: string): DetailNode[] {
  return details.map((d) => ({ ...d, host, path: `${parent}/${d.label}` }));
}

export class HostsTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.emitter.event;
  private rows: Promise<HostRow[]> | undefined;

  constructor(private readonly load: () => Promise<RunsApi>) {}

  /** Probes again on the next read. */
  refresh(): void {
    this.rows = undefined;
    this.emitter.fire();
  }

  async getChildren(element?: Node): Promise<Node[]> {
    if (element)
      return "details" in element
        ? detailNodes(element.details, element.name, element.name)
        : detailNodes(element.children ?? [], element.host, element.path);
    if (!vscode.workspace.isTrusted) return [];
    this.rows ??= this.load().then((api) => api.probeHosts());
    return this.rows;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (!("details" in node)) {
      const item = new vscode.TreeItem(
        node.label,
        node.children?.length
          ? vscode.TreeItemCollapsibleState.Collapsed
          : vscode.TreeItemCollapsibleState.None,
      );
      item.description = node.value;
      item.iconPath = new vscode.ThemeIcon(node.icon ?? (node.ok ? "check" : "warning"));
      item.id = node.path;
      if (node.tooltip) item.tooltip = node.tooltip;
      return item;
    }
    const item = new vscode.TreeItem(
      node.name,
      node.details.length
        ? vscode.TreeItemCollapsibleState.Expanded
        : vscode.TreeItemCollapsibleState.None,
    );
    item.id = node.name;
    item.description = node.reachable
      ? `reachable${node.roundTripMs === undefined ? "" : ` · ${node.roundTripMs} ms`} · ${node.scheduler}`
      : "unreachable";
    if (node.error) item.tooltip = node.error;
    item.iconPath = new vscode.ThemeIcon(
      node.reachable && !node.error ? "vm-running" : "vm-outline",
      node.reachable && !node.error
        ? undefined
        : new vscode.ThemeColor("problemsWarningIcon.foreground"),
    );
    item.contextValue = "host";
    return item;
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
