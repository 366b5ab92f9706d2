import type { Runner } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { runAction } from "@/server/pipeline/run-action";
import { startActionWorker } from "@/server/queue/action-queue";
import { getLogbook } from "@/server/services/actions/logbook";
import { billingTasks } from "@/server/services/billing/billing-tasks";
import { changePlan } from "@/server/services/billing/change-plan";
import { meterRuntime } from "@/server/services/billing/meter-runtime";
import { ZBillingDetails } from "@/server/services/billing/schemas";
import { startDeployHarness, logbookText } from "../support/deploy-harness";
import { makeGitRepository } from "../support/git-repository";
import { createTestAccount, trpcAs, uniqueName } from "../support/test-accounts";
import { TEST_QUEUE_SCHEMAS } from "../support/queue-schemas";

// This file runs its own queue worker: a private queue schema keeps it from taking jobs
// other test files queue in the shared database. The free tier stops apps after 2 seconds.
process.env.THIRTY_QUEUE_SCHEMA = TEST_QUEUE_SCHEMAS.billing;
process.env.THIRTY_FREE_STOP_AFTER = "2s";

const FILES = {
  "app.py": `def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"hello from " + environ["HTTP_HOST"].encode()]
`,
  "thirty.ini": "[wsgi]\nentrypoint = app:application\n",
};

let harness: Awaited<ReturnType<typeof startDeployHarness>>;
let worker: Runner | null = null;

/** The queue worker of "a platform process", running actions on the harness's runtime. */
function startWorker(): Promise<Runner> {
  return startActionWorker({
    connectionString: process.env.DATABASE_URL ?? "",
    concurrency: 2,
    runAction: (actionId) => runAction(getDb(), harness.runtime, actionId),
    tasks: billingTasks,
  });
}

beforeAll(async () => {
  harness = await startDeployHarness();
  meterRuntime(harness.runtime);
});
afterAll(async () => {
  await worker?.stop();
  await harness.stop();
});

async function deployedApp(prefix: string) {
  const repo = makeGitRepository(FILES);
  const caller = await createTestAccount(prefix);
  const name = uniqueName("app");
  await trpcAs(caller).apps.create({ name, repository: { location: repo.dir } });
  const deployed = await harness.act(caller, name, { action: "deploy" });
  expect(deployed.status, logbookText(deployed)).toBe("finished");
  const app = await getDb().app.findFirstOrThrow({ where: { name, accountId: caller.accountId } });
  return { caller, name, app, host: `${name}-${caller.accountName}.localhost` };
}

async function waitFor<T>(
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("[BILLING] the free tier's automatic stop and publishing", () => {
  it("stops an unpublished app after the configured delay, from a job that survives a restart", async () => {
    const { caller, name, app, host } = await deployedApp("stop");
    expect((await harness.get(host)).status).toBe(200);
    const scheduled = await getDb().app.findUniqueOrThrow({ where: { id: app.id } });
    expect(scheduled.freeStopAt?.getTime()).toBeGreaterThan(Date.now() - 2000);

    // "The platform restarts": one worker process starts and stops before the job is due,
    // the next one starts after it is due; the job waited in PostgreSQL meanwhile.
    const first = await startWorker();
    await first.stop();
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect((await harness.get(host)).status).toBe(200);
    worker = await startWorker();

    const stop = await waitFor(() =>
      getDb().action.findFirst({
        where: { appId: app.id, kind: "freestop", status: { in: ["finished", "error"] } },
      }),
    );
    const logbook = await getLogbook(caller, stop.id);
    expect(logbook.status, logbookText(logbook)).toBe("finished");
    expect(logbook.action).toBe("AppFreeStopAction");
    expect(logbookText(logbook)).toMatch(
      /Free tier: unpublished apps stop 2 seconds after their last deploy/,
    );
    expect(harness.runtime.live(app.id)).toHaveLength(0);
    expect((await harness.get(host)).status).toBe(503);
    const stopped = await trpcAs(caller).apps.get({ name });
    expect(stopped).toMatchObject({ status: "stopped", stoppedReason: expect.stringContaining("Free tier") });

    // Metering saw the instance's real lifetime: one record, closed when it stopped.
    const usage = await getDb().usageRecord.findMany({ where: { appId: app.id } });
    expect(usage).toHaveLength(1);
    expect(usage[0]?.stoppedAt).toBeTruthy();
    expect((usage[0]?.stoppedAt?.getTime() ?? 0) - (usage[0]?.startedAt.getTime() ?? 0)).toBeGreaterThan(
      2000,
    );
    await worker.stop();
    worker = null;
  });

  it("refuses publish on FREE in the logbook with the upgrade link; on a paid plan serves the CNAME", async () => {
    const { caller, name, app } = await deployedApp("pub");
    const refused = await harness.act(caller, name, { action: "publish" });
    expect(refused.status).toBe("error");
    expect(logbookText(refused)).toMatch(/Publishing needs a paid plan.*\/billing\/upgrade\?key=/);

    await changePlan(caller, {
      plan: "STANDARD",
      idempotencyKey: uniqueName("k"),
      details: ZBillingDetails.parse({
        name: "Ada Lovelace",
        address: "Street 1",
        postalCode: "1000",
        city: "Amsterdam",
        country: "NL",
        email: "a@example.org",
      }),
    });
    const cname = `${uniqueName("www")}.example.org`;
    await trpcAs(caller).apps.update({ name, changes: { cname_records: [{ record: cname }] } });
    expect((await harness.get(cname)).status).not.toBe(200);
    const published = await harness.act(caller, name, { action: "publish" });
    expect(published.status, logbookText(published)).toBe("finished");
    expect(logbookText(published)).toContain(cname);
    const answer = await harness.get(cname);
    expect(answer.status).toBe(200);
    expect(answer.body).toBe(`hello from ${cname}`);
    const row = await getDb().app.findUniqueOrThrow({ where: { id: app.id } });
    expect(row).toMatchObject({ published: true, freeStopAt: null });
    const job = await getDb().$queryRawUnsafe<unknown[]>(
      `select 1 from "${process.env.THIRTY_QUEUE_SCHEMA}"._private_jobs where key = $1`,
      `free-stop:${app.id}`,
    );
    expect(job).toHaveLength(0);
  });
});
