import type { PlatformConfig } from "../config";

/** What the launcher hands to a service it runs inside its own process. */
export type ServiceContext = {
  config: PlatformConfig;
  databaseUrl: string;
  root: string;
  /** The log directory of the apps' PostgreSQL when this launcher runs that cluster. */
  appsPostgresLogDir?: string;
};

export type RunningService = { name: string; stop: () => Promise<void> };

export type ServiceStarter = (context: ServiceContext) => Promise<RunningService>;

/** Starts services in order; if one fails, the ones already started are stopped again. */
export async function startServices(
  starters: ServiceStarter[],
  context: ServiceContext,
): Promise<RunningService[]> {
  const running: RunningService[] = [];
  for (const start of starters) {
    try {
      running.push(await start(context));
    } catch (error) {
      await stopServices(running);
      throw error;
    }
  }
  return running;
}

/** Stops services in reverse start order; a failing stop is reported, not fatal. */
export async function stopServices(running: RunningService[]): Promise<void> {
  for (const service of [...running].reverse()) {
    try {
      await service.stop();
    } catch (error) {
      console.error(`Stopping ${service.name} failed:`, error);
    }
  }
  running.length = 0;
}
