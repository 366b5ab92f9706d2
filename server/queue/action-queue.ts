import "server-only";
import { Logger, makeWorkerUtils, run, type Runner, type WorkerUtils } from "graphile-worker";

// The platform's own log stays readable: only the queue's warnings and errors reach it.
const quietLogger = new Logger(() => (level, message) => {
  if (level === "error" || level === "warning") console.error(`[queue] ${message}`);
});

/**
 * Actions are graphile-worker jobs in PostgreSQL. Each app has its own named queue, which
 * graphile-worker runs strictly one job at a time, so two actions of one app never overlap
 * while different apps proceed in parallel. The Action row, not the job, is the record users
 * see: a job only carries the action's id.
 */
export const RUN_ACTION_TASK = "run-action";

type Holder = { utils?: Promise<WorkerUtils> };
const holder = globalThis as unknown as { thirtyActionQueue?: Holder };

function workerUtils(): Promise<WorkerUtils> {
  const state = (holder.thirtyActionQueue ??= {});
  state.utils ??= (async () => {
    const utils = await makeWorkerUtils({
      connectionString: process.env.DATABASE_URL,
      schema: queueSchema(),
    });
    await utils.migrate();
    return utils;
  })().catch((error: unknown) => {
    state.utils = undefined;
    throw error;
  });
  return state.utils;
}

/** The queue's PostgreSQL schema; tests that run their own worker use a private one. */
function queueSchema(): string {
  return process.env.THIRTY_QUEUE_SCHEMA ?? "graphile_worker";
}

/** Closes this process's queue connections (scripts that stop their database afterwards). */
export async function releaseActionQueue(): Promise<void> {
  const state = holder.thirtyActionQueue;
  const utils = await state?.utils?.catch(() => undefined);
  if (state) state.utils = undefined;
  await utils?.release();
}

export function appQueueName(appId: string): string {
  return `app:${appId}`;
}

export async function enqueueAction(action: { id: string; appId: string }): Promise<void> {
  const utils = await workerUtils();
  await utils.addJob(
    RUN_ACTION_TASK,
    { actionId: action.id },
    // One attempt: an action that failed half-way must not silently run again.
    { queueName: appQueueName(action.appId), maxAttempts: 1, jobKey: `action:${action.id}` },
  );
}

/**
 * A job that runs later (the free tier's automatic stop, the end of a paid period). The job
 * key makes it one per subject: adding it again moves the pending job instead of adding one,
 * and it lives in PostgreSQL, so it survives restarts.
 */
export async function scheduleJob(
  task: string,
  payload: Record<string, string>,
  options: { runAt: Date; jobKey: string },
) {
  const utils = await workerUtils();
  await utils.addJob(task, payload, { runAt: options.runAt, jobKey: options.jobKey, maxAttempts: 5 });
}

/**
 * A one-off job for the worker, run once as soon as a worker is free (not on an app's queue,
 * so it never waits behind a deploy): e.g. a repository connection test.
 */
export async function enqueueTask(task: string, payload: Record<string, string>): Promise<void> {
  const utils = await workerUtils();
  await utils.addJob(task, payload, { maxAttempts: 1 });
}

/** Drops a pending scheduled job (nothing happens when there is none). */
export async function cancelJob(jobKey: string): Promise<void> {
  const utils = await workerUtils();
  await utils.withPgClient((client) => client.query(`select "${queueSchema()}".remove_job($1)`, [jobKey]));
}

export type QueueTask = (payload: Record<string, unknown>) => Promise<void>;

/**
 * Starts taking actions. Jobs locked by a process that died (a platform crash) would stay
 * locked for hours; this process is the only worker, so it frees them first.
 */
export async function startActionWorker(options: {
  connectionString: string;
  concurrency: number;
  runAction: (actionId: string, signal: AbortSignal) => Promise<void>;
  /** Other jobs this worker runs (billing's scheduled stops and plan changes). */
  tasks?: Record<string, QueueTask>;
}): Promise<Runner> {
  const schema = queueSchema();
  const utils = await makeWorkerUtils({ connectionString: options.connectionString, schema });
  try {
    await utils.migrate();
    const stale = await utils.withPgClient((client) =>
      client.query<{ locked_by: string }>(
        `select distinct locked_by from "${schema}".jobs where locked_by is not null`,
      ),
    );
    if (stale.rows.length > 0) await utils.forceUnlockWorkers(stale.rows.map((row) => row.locked_by));
  } finally {
    await utils.release();
  }
  return run({
    connectionString: options.connectionString,
    schema,
    concurrency: options.concurrency,
    noHandleSignals: true,
    pollInterval: 1000,
    logger: quietLogger,
    taskList: {
      ...Object.fromEntries(
        Object.entries(options.tasks ?? {}).map(([name, task]) => [
          name,
          (payload: unknown) => task((payload ?? {}) as Record<string, unknown>),
        ]),
      ),
      [RUN_ACTION_TASK]: async (payload, helpers) => {
        const { actionId } = payload as { actionId: string };
        await options.runAction(actionId, helpers.abortSignal);
      },
    },
  });
}
