/**
 * Runs the deploy side of the platform (runtime, router, action worker) as its own process,
 * the way `npm start` does, so tests can kill it like a crash and start it again.
 */
import { allowServerOnlyImports } from "../../server/platform/allow-server-only";

async function main(): Promise<void> {
  allowServerOnlyImports();
  const { getConfig } = await import("../../server/config");
  const { startDeployPlatform } = await import("../../server/platform/deploy-platform");
  const platform = await startDeployPlatform(
    { config: getConfig(), databaseUrl: process.env.DATABASE_URL ?? "", root: process.cwd() },
    { routerHost: "127.0.0.1" },
  );
  process.stdout.write(`READY ${platform.routerPort}\n`);
  process.on("SIGTERM", () => {
    void platform.stop().then(() => process.exit(0));
  });
}

void main();
