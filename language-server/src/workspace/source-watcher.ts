import { fileURLToPath } from "node:url";
import type { ConfigService } from "../service/config-service";
import { isAgentArkRoot, rootOfConfig, scanRoots } from "./source-index";

/** Debounce for bursts of Python file events (a git checkout touches many files at once). */
const RESCAN_DELAY_MS = 300;

/**
 * Keeps the service's knowledge of the workspace's Python sources current: the workspace
 * folders, plus the AgentArk root of any config that is opened from elsewhere.
 */
export class SourceWatcher {
  private readonly roots = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly service: ConfigService,
    private readonly enabled: () => boolean,
    private readonly changed: () => void,
    private readonly warn: (message: string) => void,
  ) {}

  setRoots(roots: readonly string[]): void {
    for (const r of roots) this.roots.add(r);
  }

  /** Adds the root of an opened config (when it is a file outside the known roots). */
  noteConfig(uri: string): void {
    if (!uri.startsWith("file:")) return;
    const root = rootOfConfig(fileURLToPath(uri));
    if (!root || this.roots.has(root)) return;
    this.roots.add(root);
    this.scheduleRescan();
  }

  scheduleRescan(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.rescan(), RESCAN_DELAY_MS);
  }

  async rescan(): Promise<void> {
    this.timer = undefined;
    try {
      if (!this.enabled()) {
        this.service.setScannedSources(undefined);
      } else {
        const roots: string[] = [];
        for (const r of this.roots) if (await isAgentArkRoot(r)) roots.push(r);
        this.service.setScannedSources(await scanRoots(roots));
      }
      this.changed();
    } catch (err) {
      this.warn(`could not read the workspace's AgentArk sources: ${String(err)}`);
    }
  }
}
