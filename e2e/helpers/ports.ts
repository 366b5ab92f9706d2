/**
 * The ports of the platform the browser tests start (playwright.config.ts). Overridable so
 * that two checkouts can run their suites side by side on one machine.
 */
export const DASHBOARD_PORT = Number(process.env.E2E_PORT ?? 3100);
export const ROUTER_PORT = Number(process.env.E2E_ROUTER_PORT ?? 8180);
