import { defineConfig } from "vitest/config";

// Vitest runs without the Remix plugin (Remix docs, guides/vite.md).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/support/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // PGlite is one in-process engine per file; files run in parallel forks.
          pool: "forks",
        },
      },
      {
        test: {
          // Own throwaway PostgreSQL cluster and the built app (npm run build first).
          name: "faults",
          include: ["tests/faults/**/*.test.ts"],
          environment: "node",
          testTimeout: 90_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
