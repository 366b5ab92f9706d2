import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { DASHBOARD_PORT, ROUTER_PORT, SHARED_PLATFORM_FILE } from "./e2e/helpers/ports";

const PORT = DASHBOARD_PORT;
const BASE_URL = `http://localhost:${PORT}`;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 60_000,
  // Pages on a busy 2-core machine (the suite shares it with gunicorn instances and PostgreSQL)
  // can take longer than Playwright's 5 s default to show what a person would wait for.
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  use: {
    baseURL: BASE_URL,
    browserName: "chromium",
    trace: "retain-on-failure",
    launchOptions: {
      // Debian's chromium: `npx playwright install` cannot download a browser here.
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: "node_modules/.bin/tsx scripts/e2e-server.ts",
    // Ready when the launcher says so (it waits for Next.js to answer): what "/" answers
    // depends on the pages, so it is no readiness signal.
    wait: { stdout: /thirtyloops is serving the dashboard/ },
    env: {
      PORT: String(PORT),
      ROUTER_PORT: String(ROUTER_PORT),
      THIRTY_PUBLIC_URL: BASE_URL,
      NEXT_TELEMETRY_DISABLED: "1",
      // The suite signs in dozens of users from one address within a minute.
      THIRTY_AUTH_RATE_LIMIT: "off",
      // e2e/helpers/apps.ts makes the test repositories there (E2E_REPOSITORIES).
      THIRTY_LOCAL_REPOSITORIES: path.join(os.tmpdir(), "thirty-test-repos"),
      // e2e/databases.spec.ts restores a dump it serves itself on 127.0.0.1, which a real
      // platform refuses (a restore URL must not reach the machine's own services).
      THIRTY_RESTORE_ALLOW_PRIVATE: "1",
      // e2e/split.spec.ts starts platform processes of its own on this platform's PostgreSQL.
      THIRTY_E2E_SHARED_PLATFORM_FILE: SHARED_PLATFORM_FILE,
    },
    reuseExistingServer: false,
    timeout: 180_000,
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
    stdout: "pipe",
    stderr: "pipe",
  },
});
