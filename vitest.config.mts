import path from "node:path";
import { configDefaults, defineConfig } from "vitest/config";

const root = import.meta.dirname;

export default defineConfig({
  resolve: {
    alias: [
      // `import "server-only"` throws outside React Server Components: tests are server code.
      { find: /^server-only$/, replacement: path.join(root, "tests/support/empty.ts") },
      { find: /^@\//, replacement: `${root}/` },
    ],
  },
  test: {
    include: ["server/**/*.test.ts", "tests/**/*.test.ts", "cli/**/*.test.ts"],
    exclude: [...configDefaults.exclude, "e2e/**", ".next/**", ".data/**"],
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
