import type { FromWebview, ToWebview } from "../../../schemas/src/webview-protocol";

/**
 * What the UI needs from whoever hosts it: VS Code (vscode-host.ts) or an in-memory fake
 * (fake-host.ts) for the browser dev page and tests. Messages are the protocol's, already
 * validated by the implementation.
 */
export interface HostApi {
  post(message: FromWebview): void;
  /** Subscribes to host messages; returns the unsubscribe function. */
  onMessage(listener: (message: ToWebview) => void): () => void;
  /** UI state that survives the webview being hidden or reloaded (VS Code's setState). */
  getState(): PersistedState | undefined;
  setState(state: PersistedState): void;
}

export interface PersistedState {
  line: number;
  solution: number;
  step: number;
  /** The Reason field's text: a hidden tab's webview is rebuilt, and the reason must not go. */
  reason?: string;
}
