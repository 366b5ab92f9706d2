import { makeWorkerUtils } from "graphile-worker";

/**
 * The queue schemas of this run: the platform's own, and a private one for each test file
 * that runs a worker of its own (so it takes only its own jobs). graphile-worker tells every
 * worker on a database to shut down when any schema there gets a "breaking" migration — which
 * every new schema does — so all of them are created by the global set-up, before any test
 * file starts a worker.
 */
export const TEST_QUEUE_SCHEMAS = {
  billing: "queue_billing",
  cli: "queue_cli",
  platformRestart: "queue_platform_restart",
  sigkill: "queue_sigkill",
  split: "queue_split",
  twoWorkers: "queue_two_workers",
} as const;

export async function migrateQueueSchemas(connectionString: string): Promise<void> {
  for (const schema of ["graphile_worker", ...Object.values(TEST_QUEUE_SCHEMAS)]) {
    const utils = await makeWorkerUtils({ connectionString, schema });
    try {
      await utils.migrate();
    } finally {
      await utils.release();
    }
  }
}
