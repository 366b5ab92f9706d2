import os from "node:os";
import path from "node:path";

/**
 * The ports of the platform the browser tests start (playwright.config.ts). Overridable so
 * that two checkouts can run their suites side by side on one machine.
 */
export const DASHBOARD_PORT = Number(process.env.E2E_PORT ?? 3100);
export const ROUTER_PORT = Number(process.env.E2E_ROUTER_PORT ?? 8180);

/**
 * Where the e2e server (scripts/e2e-server.ts) writes what another platform process needs to
 * join its platform (e2e/helpers/shared-platform.ts). Named after the dashboard's port, so two
 * checkouts' suites never read each other's.
 */
export const SHARED_PLATFORM_FILE = path.join(os.tmpdir(), `thirty-e2e-${DASHBOARD_PORT}-platform.json`);
