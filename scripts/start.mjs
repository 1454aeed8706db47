// `npm start`: builds the vsix, installs code-server (cached), and serves AgentArk Studio on
// samples/workspace until Ctrl+C. Plain JS so it runs without a TypeScript step; the same
// launch logic for tests lives in test/harness/code-server.ts.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, openSync, writeFileSync } from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const cacheDir =
  process.env.AGENTARK_CACHE_DIR ?? path.join(os.homedir(), ".cache/agentark-studio");
// Persistent, so settings and open editors survive restarts.
const userDataDir = path.join(cacheDir, "studio-user-data");
const extensionsDir = path.join(cacheDir, "studio-extensions");
const workspace = path.join(root, "samples/workspace");
const vsix = path.join(root, "dist/agentark-studio.vsix");
const host = "127.0.0.1";

const firstRunSettings = {
  "workbench.startupEditor": "none",
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "git.openRepositoryInParentFolders": "never",
};

function step(title, cmd, args, opts = {}) {
  console.log(`> ${title}`);
  return execFileSync(cmd, args, { cwd: root, encoding: "utf8", ...opts });
}

/** Resolves to `wanted` if it can be bound on loopback, otherwise to a port the kernel picks. */
function choosePort(wanted) {
  const tryListen = (port) =>
    new Promise((resolve) => {
      const srv = net.createServer();
      srv.once("error", () => resolve(undefined));
      srv.listen(port, host, () => {
        const { port: bound } = srv.address();
        srv.close(() => resolve(bound));
      });
    });
  return tryListen(wanted).then((p) => p ?? tryListen(0));
}

/** Polls until the server answers HTTP (bounded); fails early if it exits. */
async function waitForHttp(url, child) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with code ${child.exitCode}`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`code-server did not answer ${url} within 60 s`);
}

async function main() {
  if (!existsSync(workspace)) throw new Error(`${workspace} does not exist`);
  step("npm run package", "npm", ["run", "package"], { stdio: "inherit" });
  const installOut = step("install code-server", "bash", ["scripts/install-code-server.sh"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const entry = installOut.trim().split("\n").at(-1);

  const settingsFile = path.join(userDataDir, "User", "settings.json");
  if (!existsSync(settingsFile)) {
    mkdirSync(path.dirname(settingsFile), { recursive: true });
    writeFileSync(settingsFile, JSON.stringify(firstRunSettings, null, 2));
  }
  const dirs = ["--user-data-dir", userDataDir, "--extensions-dir", extensionsDir];
  // code-server would write a default config with a password into ~/.config otherwise.
  const config = path.join(cacheDir, "studio-config.yaml");
  writeFileSync(config, "auth: none\n");
  const common = ["--config", config, ...dirs];
  step(
    "install the extension",
    process.execPath,
    [entry, ...common, "--install-extension", vsix, "--force"],
    {
      stdio: ["ignore", "ignore", "inherit"],
    },
  );

  const port = await choosePort(Number(process.env.PORT ?? 8080));
  const env = { ...process.env };
  delete env.PORT; // code-server lets $PORT override --bind-addr, which would undo the fallback.
  const args = [entry, ...common, "--auth", "none", "--bind-addr", `${host}:${port}`];
  args.push(
    "--disable-telemetry",
    "--disable-update-check",
    "--disable-workspace-trust",
    workspace,
  );
  // The server's own output goes to a file: the terminal shows only the URL.
  const logFile = path.join(cacheDir, "studio-code-server.log");
  const log = openSync(logFile, "w");
  child = spawn(process.execPath, args, { env, detached: true, stdio: ["ignore", log, log] });
  process.on("SIGINT", () => stopServer());
  process.on("SIGTERM", () => stopServer());
  child.on("exit", (code, signal) => {
    if (code && !signal) console.error(`code-server exited with code ${code}; see ${logFile}`);
    process.exit(code ?? 0);
  });

  await waitForHttp(`http://${host}:${port}/healthz`, child);
  const url = `http://${host}:${port}/?folder=${encodeURIComponent(workspace)}`;
  console.log(`AgentArk Studio is ready: ${url}`);
  console.log(`(code-server log: ${logFile}; Ctrl+C to stop)`);
}

let child;

/** Ends code-server with its extension hosts and language servers: they share its group. */
function stopServer() {
  if (!child?.pid) return;
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    // Already gone.
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  stopServer();
  process.exit(1);
});
