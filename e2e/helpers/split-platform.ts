import { randomBytes } from "node:crypto";
import { findFreePort } from "../../server/platform/free-port";
import { removeDataDir, startPlatform, type PlatformProcess } from "./platform-process";
import { createSiblingDatabase, readSharedPlatform } from "./shared-platform";

export type SplitPlatform = {
  /** The `web` processes, each serving the dashboard on its own port. */
  webs: PlatformProcess[];
  /** The `worker,runtime` process: it runs the actions and the apps, behind its router. */
  worker: PlatformProcess;
  /** Stops every process started here (by PID), removes their data dirs and their database. */
  stop: () => Promise<void>;
};

/**
 * The platform run split, as README's "Running split" describes: `webs` processes with the
 * `web` role and one `worker,runtime` process, sharing one PostgreSQL database and nothing
 * else: they see each other only through it (the queue, LISTEN/NOTIFY). The database is a new
 * one on the PostgreSQL server of the platform that playwright.config.ts serves the tests on
 * (no server of their own to start), apart from that platform's database so neither takes
 * the other's work; the apps' databases go to that platform's apps' server. Each process has
 * its own data dir; the runtime its own router port, which the web processes link apps on.
 */
export async function startSplitPlatform(webs: number): Promise<SplitPlatform> {
  const shared = readSharedPlatform();
  const database = await createSiblingDatabase(
    shared.databaseUrl,
    `thirty_e2e_split_${process.pid}_${Date.now().toString(36)}`,
  );
  const routerPort = await findFreePort();
  const env = {
    DATABASE_URL: database.url,
    THIRTY_PG_ADMIN_URL: shared.pgAdminUrl,
    // The same key in every process, or one could not read the secrets another stored.
    THIRTY_SECRET: randomBytes(32).toString("base64"),
    // The tests sign in from one address, again and again.
    THIRTY_AUTH_RATE_LIMIT: "off",
  };
  // Side by side: the launcher applies migrations one process at a time, and the e2e server
  // already brought the dashboard's build up to date, so no two of them build it at once.
  const processes: PlatformProcess[] = [];
  const stop = async () => {
    await Promise.all(processes.map((platform) => platform.stop()));
    for (const platform of processes) removeDataDir(platform.dataDir);
    await database.drop();
  };
  try {
    const started = await Promise.allSettled([
      startPlatform({ roles: "worker,runtime", routerPort, env }),
      ...Array.from({ length: webs }, () => startPlatform({ roles: "web", routerPort, env })),
    ]);
    for (const result of started) if (result.status === "fulfilled") processes.push(result.value);
    const failed = started.find((result) => result.status === "rejected");
    if (failed) throw failed.reason;
    const [worker, ...webProcesses] = processes;
    if (!worker) throw new Error("The worker,runtime process did not start.");
    return { webs: webProcesses, worker, stop };
  } catch (error) {
    // Those that did start are not left running for a test that will not come.
    await stop();
    throw error;
  }
}
