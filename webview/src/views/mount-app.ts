import type { HostApi } from "../host/host-api";
import "./curation-app";
import type { CurationApp } from "./curation-app";

/** Creates the curation UI over a host (VS Code's, or the fake one) and adds it to `parent`. */
export function mountApp(host: HostApi, parent: HTMLElement): CurationApp {
  const app = document.createElement("curation-app");
  app.hostApi = host;
  parent.append(app);
  return app;
}
