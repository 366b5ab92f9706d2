import type { LiveInstance, PlatformRuntime } from "@/server/runtime/platform-runtime";
import type { AppContext, ReleaseRecord } from "./app-context";
import { exposeApp } from "./expose-app";
import type { LogbookWriter } from "./logbook-writer";
import { appHosts, startReleaseInstances } from "./release-instances";
import { StepFailure } from "./step-failure";
import { checkInstances } from "./steps/check-instances";

/** Runs a named stage (an action's logbook stage; a plain call at start-up). */
export type StageRunner = <T>(name: string, run: () => Promise<T>) => Promise<T>;

/** Steps run inside the stage already open (or none, at start-up), without stages of their own. */
export const withinStage: StageRunner = (_name, run) => run();

/** Who carries out a rollout: an action (with its logbook and cancel signal) or the start-up. */
export type RolloutContext = {
  runtime: PlatformRuntime;
  app: AppContext;
  release: ReleaseRecord;
  stage: StageRunner;
  signal: AbortSignal;
  /** Absent at start-up: messages go to the platform's console. */
  logbook?: LogbookWriter;
  /**
   * An action's point of no return (ActionContext.pointOfNoReturn): from the switch on, a
   * cancel is refused; a cancel that came first throws here, inside the clean-up below.
   */
  pointOfNoReturn?: () => Promise<void>;
};

export type RolloutPlan = {
  /** New app instances of the release to start beside the running ones. */
  start: number;
  /** Their numbers count up from here (scale adds to the instances already running). */
  firstNumber?: number;
  /**
   * Running app instances that stop taking traffic at the switch, then drain and stop:
   * "running" is every app instance running at the switch other than the new ones.
   */
  retire: LiveInstance[] | "running";
  /** After the new instances passed their check and before any traffic moves (postinstall). */
  beforeSwitch?: (fresh: LiveInstance[]) => Promise<void>;
  /** Inside the switch, before the router moves: record the release as the app's current one. */
  commit?: () => Promise<void>;
  /** At the end of the switch, with how many instances were retired: the logbook's "live" line. */
  switched?: (retired: number) => void;
  /** Worker instances to run afterwards, replacing the old ones; undefined leaves them alone. */
  workers?: number;
  /** What the logbook says is still serving when the rollout stops before its switch. */
  keepsServing?: string;
  /**
   * At start-up nothing else serves the app: its instances are routed even when their check
   * fails, and the failure is reported instead of thrown.
   */
  routeUnhealthy?: boolean;
};

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

function say(ctx: RolloutContext, message: string): void {
  if (ctx.logbook) ctx.logbook.info(message);
  else console.log(`App ${ctx.app.name}: ${message}`);
}

/**
 * The one way instances of a release go live, used by deploy, rollback, scale, restart and
 * the start-up: start the new instances beside the running ones, check them, run what must
 * happen before the switch, expose the release and switch the router in one update, then
 * drain and stop the retired instances and move cron jobs to the new ones. Anything failing
 * before the switch stops only what this rollout started; the running instances keep serving.
 * Returns the new app instances.
 */
export async function rollOut(ctx: RolloutContext, plan: RolloutPlan): Promise<LiveInstance[]> {
  const { runtime, app } = ctx;
  // Instance output reaches the logbook on a failed check: never with the app's secrets.
  for (const secret of app.secrets) ctx.logbook?.addSecret(secret);
  const python = app.variant === "python";
  const fresh: LiveInstance[] = [];
  try {
    if (python && plan.start > 0) await startAndCheck(ctx, plan, fresh);
    await plan.beforeSwitch?.(fresh);
    if (ctx.pointOfNoReturn) await ctx.pointOfNoReturn();
    else if (ctx.signal.aborted) throw new StepFailure("Stopped before the switch.");
  } catch (error) {
    if (fresh.length) {
      say(ctx, `Stopping the new instances; ${plan.keepsServing ?? "the running release"} keeps serving.`);
      await Promise.all(fresh.map((instance) => runtime.stopInstance(instance, { drainMs: 0 })));
    }
    throw error;
  }
  await ctx.stage("switch", () => switchTraffic(ctx, plan, fresh));
  if (plan.workers !== undefined) {
    const count = plan.workers;
    await ctx.stage("workers", () => replaceWorkers(ctx, count));
  }
  return fresh;
}

async function startAndCheck(ctx: RolloutContext, plan: RolloutPlan, fresh: LiveInstance[]): Promise<void> {
  const { runtime, app, release } = ctx;
  fresh.push(
    ...(await ctx.stage("start", () => {
      say(ctx, `Starting ${plural(plan.start, "instance")} of release ${release.number}.`);
      return startReleaseInstances(runtime, app, release, "app", plan.start, plan.firstNumber);
    })),
  );
  await ctx.stage("check", async () => {
    try {
      await checkInstances({
        runtime,
        instances: fresh,
        host: appHosts(runtime, app)[0] ?? "",
        report: (message) => say(ctx, message),
        signal: ctx.signal,
      });
    } catch (error) {
      if (!plan.routeUnhealthy) throw error;
      console.error(`App ${app.name} did not come back healthy:`, error);
    }
  });
}

async function switchTraffic(ctx: RolloutContext, plan: RolloutPlan, fresh: LiveInstance[]): Promise<void> {
  const { runtime, app, release } = ctx;
  // Not awaited for instances: their switch waits for the router, so both changes take one
  // reload. A static app has only its files to expose.
  const exposed = exposeApp(runtime, app, release, appHosts(runtime, app));
  if (app.variant !== "python") await exposed;
  await plan.commit?.();
  if (app.variant !== "python") return plan.switched?.(0);
  const retire =
    plan.retire === "running"
      ? runtime.live(app.id, "app").filter((instance) => !fresh.includes(instance))
      : plan.retire;
  await runtime.switchTo(app.id, fresh, retire);
  if (fresh.length) runtime.cron.load(app.id, fresh);
  plan.switched?.(retire.length);
}

/**
 * Workers consume queues: two copies must never run at once, so the old ones stop before the
 * new ones start (a short gap, never a double consumer).
 */
export async function replaceWorkers(ctx: RolloutContext, count: number): Promise<void> {
  const { runtime, app, release } = ctx;
  const old = runtime.live(app.id, "worker");
  if (old.length) say(ctx, `Stopping ${plural(old.length, "worker instance")}.`);
  await Promise.all(old.map((instance) => runtime.stopInstance(instance, { drainMs: 0 })));
  if (release.config.workerProcesses.length === 0) {
    if (count > 0) {
      const warning =
        "The app has a worker service but thirty.ini has no [worker:processes]: no worker started.";
      if (ctx.logbook) ctx.logbook.warning(warning);
      else console.warn(`App ${app.name}: ${warning}`);
    }
    return;
  }
  if (count === 0) return;
  say(ctx, `Starting ${plural(count, "worker instance")}.`);
  const started = await startReleaseInstances(runtime, app, release, "worker", count);
  runtime.cron.load(app.id, started);
}
