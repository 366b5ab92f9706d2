import "server-only";
import { retryWhileUnreachable } from "@/server/db/connection-errors";
import { EventEmitter } from "node:events";
import {
  Logger,
  makeWorkerUtils,
  run,
  type Runner,
  type TaskList,
  type WorkerEvents,
  type WorkerUtils,
} from "graphile-worker";

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
  // A pooled connection PostgreSQL dropped (a restart) fails once; the job key makes a retry
  // of an insert that did commit harmless.
  await retryWhileUnreachable(
    async () => {
      const utils = await workerUtils();
      await utils.addJob(
        RUN_ACTION_TASK,
        { actionId: action.id },
        // One attempt: an action that failed half-way must not silently run again.
        { queueName: appQueueName(action.appId), maxAttempts: 1, jobKey: `action:${action.id}` },
      );
    },
    { giveUpAfterMs: 30_000 },
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
 * Frees the queue after actions whose worker is gone were ended (server/queue/action-lease.ts):
 * graphile-worker keeps a dead worker's job and its app's named queue locked for four hours,
 * so the next action of that app would wait that long. The dead workers' locks are released
 * and the ended actions' jobs removed (they ran once; `maxAttempts: 1` says never again).
 */
export async function releaseAbandonedJobs(
  actions: { id: string; queueWorker: string | null }[],
): Promise<void> {
  if (actions.length === 0) return;
  const utils = await workerUtils();
  const workers = [...new Set(actions.flatMap((action) => (action.queueWorker ? [action.queueWorker] : [])))];
  if (workers.length) await utils.forceUnlockWorkers(workers);
  await utils.withPgClient((client) =>
    client.query(`select "${queueSchema()}".remove_job(key) from unnest($1::text[]) as key`, [
      actions.map((action) => `action:${action.id}`),
    ]),
  );
}

/**
 * The safety net behind releaseAbandonedJobs: action jobs still locked well after their action
 * ended (a process that ended an action died before freeing its job, or a worker finished while
 * PostgreSQL was away and could not complete the job). Their locks go and the jobs with them.
 */
export async function releaseJobsOfEndedActions(graceMs: number): Promise<number> {
  const utils = await workerUtils();
  const schema = queueSchema();
  return utils.withPgClient(async (client) => {
    const stuck = await client.query<{ id: string; locked_by: string }>(
      `select jobs.id::text as id, jobs.locked_by
       from "${schema}"._private_jobs as jobs
       join "${schema}"._private_tasks as tasks on tasks.id = jobs.task_id
       where tasks.identifier = $1 and jobs.locked_by is not null
         and jobs.locked_at < now() - $2 * interval '1 millisecond'
         and not exists (
           select 1 from "Action" as action
           where action.id::text = jobs.payload->>'actionId'
             and (action.status in ('queued', 'running')
                  or action."finishedAt" > (now() at time zone 'UTC') - $2 * interval '1 millisecond'))`,
      [RUN_ACTION_TASK, graceMs],
    );
    if (stuck.rows.length === 0) return 0;
    await client.query(`select "${schema}".force_unlock_workers($1::text[])`, [
      [...new Set(stuck.rows.map((row) => row.locked_by))],
    ]);
    await client.query(`select "${schema}".complete_jobs($1::bigint[])`, [stuck.rows.map((row) => row.id)]);
    return stuck.rows.length;
  });
}

/**
 * Starts taking actions. Nothing other processes hold is touched here: actions whose worker
 * died are ended by lease expiry (startLeaseReaper), which frees their jobs and queues.
 */
export async function startActionWorker(options: {
  connectionString: string;
  concurrency: number;
  /** `queueWorker`: graphile-worker's id of the worker running it (the lock's owner). */
  runAction: (actionId: string, signal: AbortSignal, queueWorker: string | null) => Promise<void>;
  /** Other jobs this worker runs (billing's scheduled stops and plan changes). */
  tasks?: Record<string, QueueTask>;
}): Promise<Runner> {
  const schema = queueSchema();
  const utils = await makeWorkerUtils({ connectionString: options.connectionString, schema });
  try {
    await utils.migrate();
  } finally {
    await utils.release();
  }
  const taskList: TaskList = {
    ...Object.fromEntries(
      Object.entries(options.tasks ?? {}).map(([name, task]) => [
        name,
        (payload: unknown) => task((payload ?? {}) as Record<string, unknown>),
      ]),
    ),
    [RUN_ACTION_TASK]: async (payload, helpers) => {
      const { actionId } = payload as { actionId: string };
      await options.runAction(actionId, helpers.abortSignal, helpers.job.locked_by ?? null);
    },
  };
  // graphile-worker locks jobs in the name of its worker pool: this process's own ids there.
  const poolIds = new Set<string>();
  const events = new EventEmitter() as WorkerEvents;
  events.on("pool:create", ({ workerPool }) => poolIds.add(workerPool.id));
  const start = () =>
    run({
      connectionString: options.connectionString,
      schema,
      concurrency: options.concurrency,
      noHandleSignals: true,
      pollInterval: 1000,
      logger: quietLogger,
      events,
      taskList,
    });
  let current = await start();
  let stopping = false;
  // graphile-worker stops its runner by itself on some faults (a queue migration it did not
  // expect, a lost database it gave up on): this process would keep running without taking
  // actions. It is started again, after a pause, for as long as the process wants a worker.
  const supervise = (runner: Runner) => {
    void runner.promise
      .catch(() => undefined)
      .then(async () => {
        // A "breaking migration" notice is heard database-wide, whatever the schema migrated
        // (another platform's, a test's private one); graphile-worker then marks this whole
        // process as failed with exit code 57. It is not: its worker starts again below.
        if (process.exitCode === 57) process.exitCode = undefined;
        for (let wait = 1000; !stopping; wait = Math.min(wait * 2, 30_000)) {
          console.error(`[queue] The action worker stopped; starting it again in ${wait / 1000} s.`);
          await new Promise((resolve) => setTimeout(resolve, wait));
          if (stopping) return;
          try {
            current = await start();
            supervise(current);
            return;
          } catch (error) {
            console.error("[queue] Starting the action worker again failed:", error);
          }
        }
      });
  };
  supervise(current);
  return {
    ...current,
    get promise() {
      return current.promise;
    },
    kill: (reason?: string) => {
      stopping = true;
      return current.kill(reason);
    },
    /**
     * A graceful stop can leave a job this pool had taken but not completed locked (and with
     * it its app's queue, for hours): once this process's workers have stopped, what its pools
     * still hold is released — its own work, nobody else's.
     */
    stop: async (reason?: string) => {
      stopping = true;
      await current.stop(reason).catch(() => undefined);
      if (poolIds.size === 0) return;
      const utils = await workerUtils();
      await utils.forceUnlockWorkers([...poolIds]).catch((error: unknown) => {
        console.error("Releasing this worker's queue locks failed:", error);
      });
    },
  };
}
