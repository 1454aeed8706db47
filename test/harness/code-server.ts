import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { codeServerEntry } from "./code-server-entry";

export interface CodeServerOptions {
  workspace: string;
  vsix?: string;
  settings?: Record<string, unknown>;
  /** Default true: otherwise the workspace-trust dialog covers the window. */
  disableWorkspaceTrust?: boolean;
  env?: Record<string, string>;
}

export interface CodeServer {
  url: string;
  /** The workspace folder as the workbench sees it (`vscode-remote://<authority><path>`). */
  workspaceUri: string;
  port: number;
  userDataDir: string;
  extensionsDir: string;
  logs(): string;
  stop(): Promise<void>;
}

/** Settings that keep the workbench quiet so tests see only what they drive. */
export const quietSettings: Readonly<Record<string, unknown>> = {
  "workbench.startupEditor": "none",
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "git.openRepositoryInParentFolders": "never",
  "chat.commandCenter.enabled": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  // code-server auto-saves after a short delay by default, which hides the dirty state and
  // writes files behind a test's back; tests save explicitly.
  "files.autoSave": "off",
};

const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
const run = promisify(execFile);

export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  const entry = codeServerEntry();
  const root = await mkdtemp(path.join(os.tmpdir(), "agentark-code-server-"));
  const userDataDir = path.join(root, "user-data");
  const extensionsDir = path.join(root, "extensions");
  const trustOff = opts.disableWorkspaceTrust ?? true;
  // code-server writes a default config into ~/.config unless given one; keep HOME untouched.
  const config = path.join(root, "config.yaml");
  await writeFile(config, "auth: none\n");
  const common = [
    "--config",
    config,
    "--user-data-dir",
    userDataDir,
    "--extensions-dir",
    extensionsDir,
  ];
  const env = { ...process.env, ...opts.env };
  delete env.PORT; // code-server lets $PORT override --bind-addr.

  await writeUserSettings(userDataDir, {
    ...quietSettings,
    ...(trustOff ? { "security.workspace.trust.enabled": false } : {}),
    ...opts.settings,
  });
  if (opts.vsix) {
    const install = [entry, ...common, "--install-extension", opts.vsix, "--force"];
    await run(process.execPath, install, { env }).catch(async (err: unknown) => {
      await rm(root, { recursive: true, force: true });
      throw err;
    });
  }

  const port = await freePort();
  const args = [entry, ...common, "--auth", "none", "--bind-addr", `127.0.0.1:${port}`];
  args.push("--disable-telemetry", "--disable-update-check", "--disable-getting-started-override");
  if (trustOff) args.push("--disable-workspace-trust");
  args.push(opts.workspace);
  // detached: the server and its extension hosts form one process group that stop() can end.
  const child = spawn(process.execPath, args, {
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));

  const stop = async (): Promise<void> => {
    await killGroup(child);
    if (!process.env.AGENTARK_KEEP_TEMP) await rm(root, { recursive: true, force: true });
  };
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${base}/healthz`, child, () => output);
  } catch (err) {
    await stop();
    throw err;
  }
  const folder = encodeURIComponent(path.resolve(opts.workspace));
  return {
    url: `${base}/?folder=${folder}`,
    workspaceUri: `vscode-remote://127.0.0.1:${port}${path.resolve(opts.workspace)}`,
    port,
    userDataDir,
    extensionsDir,
    logs: () => output,
    stop,
  };
}

async function writeUserSettings(userDataDir: string, settings: Record<string, unknown>) {
  await mkdir(path.join(userDataDir, "User"), { recursive: true });
  const file = path.join(userDataDir, "User", "settings.json");
  await writeFile(file, JSON.stringify(settings, null, 2));
}

/** Asks the kernel for an unused port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Polls until the server answers HTTP; fails early if the process exits first. */
async function waitForHttp(url: string, child: ChildProcess, logs: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let exited = false;
  child.once("exit", () => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`code-server exited before it was ready:\n${logs()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch {
      // Not listening yet: poll again.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`code-server did not answer ${url} within ${READY_TIMEOUT_MS} ms:\n${logs()}`);
}

/** Ends the whole process group (server, extension hosts, language servers); SIGKILL if stuck. */
async function killGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (child.exitCode !== null || child.signalCode !== null || pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      // Group already gone.
    }
  };
  signal("SIGTERM");
  const timer = setTimeout(() => signal("SIGKILL"), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
  // Children that outlived the leader still belong to the group.
  signal("SIGKILL");
}
