import { ToWebview, type FromWebview } from "../../../schemas/src/webview-protocol";
import type { HostApi, PersistedState } from "./host-api";

/** Host messages are validated here, on arrival; anything else is dropped and reported. */
export class VsCodeHost implements HostApi {
  private readonly api = acquireVsCodeApi<PersistedState>();
  private readonly listeners = new Set<(m: ToWebview) => void>();

  constructor() {
    window.addEventListener("message", (event: MessageEvent<unknown>) => {
      const parsed = ToWebview.safeParse(event.data);
      if (!parsed.success) {
        this.post({
          type: "log",
          level: "warn",
          message: `dropped a host message that does not match the protocol: ${parsed.error.issues
            .slice(0, 3)
            .map((i) => `${i.path.join(".")}: ${i.message}`)
            .join("; ")}`,
        });
        return;
      }
      for (const l of this.listeners) l(parsed.data);
    });
  }

  post(message: FromWebview): void {
    this.api.postMessage(message);
  }

  onMessage(listener: (message: ToWebview) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  getState(): PersistedState | undefined {
    return this.api.getState();
  }

  setState(state: PersistedState): void {
    this.api.setState(state);
  }
}
