import { defineConfig } from "vitest/config";

// Three tiers (docs: shared style §13). `e2e` drives a real code-server in Chromium: one file at
// a time (each starts its own server and browser on 2 cores) with timeouts sized for a cold start.
export default defineConfig({
  test: {
    projects: [
      { test: { name: "unit", include: ["test/unit/**/*.test.ts"] } },
      { test: { name: "protocol", include: ["test/protocol/**/*.test.ts"], testTimeout: 30_000 } },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          globalSetup: ["test/e2e/global-setup.ts"],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: "remote",
          include: ["test/remote/**/*.test.ts"],
          globalSetup: ["test/remote/global-setup.ts"],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
