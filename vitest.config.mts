import path from "node:path";
import { configDefaults, defineConfig } from "vitest/config";

const root = import.meta.dirname;

// Restarting PostgreSQL under a live stream hung once in a full parallel run (root cause not
// found yet), so it runs on demand until it is fixed: npm run test:pg-restart.
const onDemand = ["tests/faults/postgres-restart.test.ts"];
const onDemandOnly = process.env.THIRTY_TEST_ON_DEMAND === "1";

export default defineConfig({
  resolve: {
    alias: [
      // `import "server-only"` throws outside React Server Components: tests are server code.
      { find: /^server-only$/, replacement: path.join(root, "tests/support/empty.ts") },
      { find: /^@\//, replacement: `${root}/` },
    ],
  },
  test: {
    include: onDemandOnly ? onDemand : ["server/**/*.test.ts", "tests/**/*.test.ts", "cli/**/*.test.ts"],
    exclude: [...configDefaults.exclude, "e2e/**", ".next/**", ".data/**", ...(onDemandOnly ? [] : onDemand)],
    environment: "node",
    globalSetup: ["tests/support/global-database.ts"],
    setupFiles: ["tests/support/database-env.ts"],
    pool: "forks",
    maxWorkers: 2,
    fileParallelism: true,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
