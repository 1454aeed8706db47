import * as path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

/** Where the e2e tier finds what other steps build. */
export const repoPaths = {
  root,
  /** Built by `npm run package`; the e2e tier tests what users install. */
  vsix: process.env.AGENTARK_VSIX ?? path.join(root, "dist/agentark-studio.vsix"),
  /** Built by scripts/build-integration-tests.mjs (run by test/e2e/global-setup.ts). */
  integrationTests: path.join(root, "out/integration"),
  fixtureWorkspace: path.join(root, "test/fixtures/workspace"),
};
