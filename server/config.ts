import path from "node:path";

/**
 * The platform's settings, read from the environment (spec/platform.md "Starting it").
 * Read lazily so tests and the launcher can set variables before first use.
 */
export type PlatformConfig = {
  port: number;
  routerPort: number;
  dataDir: string;
  platformDomain: string;
  signupOpen: boolean;
  publicUrl: string;
  defaultRegion: string;
};

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0 || value > 65535) {
    throw new Error(`${name} must be a port number, got "${raw}".`);
  }
  return value;
}

/**
 * Open sign-up means hostile tenants: their code must run sandboxed as their own users, which
 * needs root. Without it the platform starts only for one tenant (closed sign-up, or
 * THIRTY_SINGLE_TENANT=1 said out loud). Called once at start-up.
 */
export function isolationProblem(config: PlatformConfig, isRoot: boolean): string | null {
  if (isRoot || !config.signupOpen || process.env.THIRTY_SINGLE_TENANT === "1") return null;
  return "The platform is not running as root, so apps cannot be sandboxed as their own users, yet sign-up is open (THIRTY_SIGNUP): any stranger's code would run as the platform's user, next to its secrets. Run as root, set THIRTY_SIGNUP=closed, or set THIRTY_SINGLE_TENANT=1 if only you deploy here.";
}

export function getConfig(): PlatformConfig {
  const port = intFromEnv("PORT", 3000);
  return {
    port,
    routerPort: intFromEnv("ROUTER_PORT", 8080),
    // The ignore comment keeps Turbopack from tracing the whole project into the build.
    dataDir: path.resolve(/*turbopackIgnore: true*/ process.env.THIRTY_DATA_DIR ?? ".data"),
    platformDomain: process.env.PLATFORM_DOMAIN ?? "localhost",
    signupOpen: (process.env.THIRTY_SIGNUP ?? "open") !== "closed",
    publicUrl: (process.env.THIRTY_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ""),
    defaultRegion: process.env.THIRTY_REGION ?? "local1",
  };
}
