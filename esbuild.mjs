// One build script for every bundle: extension host, language server, CLI, webview, and the
// schema generator. `--production` minifies; `--watch` rebuilds on change.
import * as esbuild from "esbuild";

const production = process.argv.includes("--production");
const watch = process.argv.includes("--watch");
const scriptsOnly = process.argv.includes("--scripts");

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: "warning",
  legalComments: "none",
};
const node = { ...common, platform: "node", format: "cjs", target: "node20" };

/** Prints errors in the `$esbuild-watch` problem-matcher format while watching. */
const problemMatcher = {
  name: "problem-matcher",
  setup(build) {
    build.onStart(() => console.log("[watch] build started"));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log("[watch] build finished");
    });
  },
};

const builds = scriptsOnly
  ? [{ ...node, entryPoints: ["schemas/scripts/generate.ts"], outfile: "dist/scripts/generate.js" }]
  : [
      {
        ...node,
        entryPoints: ["extension/src/extension.ts"],
        outfile: "dist/extension.js",
        external: ["vscode"],
      },
      {
        ...node,
        entryPoints: ["extension/src/language-client/client-main.ts"],
        outfile: "dist/language-client.js",
        external: ["vscode"],
      },
      {
        ...node,
        entryPoints: ["extension/src/runs/ui/runs-main.ts"],
        outfile: "dist/runs.js",
        external: ["vscode"],
      },
      { ...node, entryPoints: ["language-server/src/server.ts"], outfile: "dist/server.js" },
      {
        ...node,
        entryPoints: ["extension/src/curation-editor/stats-worker.ts"],
        outfile: "dist/stats-worker.js",
      },
      { ...node, entryPoints: ["extension/src/cli/cli.ts"], outfile: "dist/cli.js" },
      {
        ...common,
        entryPoints: ["webview/src/main.ts"],
        outdir: "dist/webview",
        platform: "browser",
        format: "esm",
        target: "es2022",
      },
    ];

if (watch) {
  const contexts = await Promise.all(
    builds.map((b) => esbuild.context({ ...b, plugins: [problemMatcher] })),
  );
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
