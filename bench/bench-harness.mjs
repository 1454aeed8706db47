// What the benches that drive a real VS Code share: code-server from the project's cached install,
// and the test harness (TypeScript, which Node 20 cannot import) bundled for Node.
import { execFileSync } from "node:child_process";
import path from "node:path";
import * as esbuild from "esbuild";

/** Installs (or finds) code-server and points the harness at it; returns its entry script. */
export function useCodeServer(root) {
  process.env.AGENTARK_CODE_SERVER_ENTRY ??= execFileSync(
    "bash",
    ["scripts/install-code-server.sh"],
    { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  )
    .trim()
    .split("\n")
    .at(-1);
  return process.env.AGENTARK_CODE_SERVER_ENTRY;
}

/**
 * Bundles `exports` (module path under the repository → names) into bench/out/<name>.mjs and
 * imports it. In bench/out/ so repo-paths.ts's `import.meta.dirname/../..` is still the root.
 */
export async function loadHarness(root, name, exports) {
  const file = path.join(root, "bench/out", `${name}.mjs`);
  await esbuild.build({
    stdin: {
      contents: Object.entries(exports)
        .map(([module, names]) => `export { ${names.join(", ")} } from "./${module}";`)
        .join("\n"),
      resolveDir: root,
      loader: "ts",
    },
    outfile: file,
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    logLevel: "warning",
  });
  return import(file);
}
