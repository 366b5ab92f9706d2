import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { NO_RETURN_MESSAGE } from "@/server/pipeline/stage-titles";
import { runAction } from "@/server/pipeline/run-action";
import { cancelAction, getLogbook } from "@/server/services/actions/logbook";
import { queueAction } from "@/server/services/actions/queue-action";
import type { Caller } from "@/server/services/caller";
import { logbookText, startDeployHarness } from "../support/deploy-harness";
import { makeGitRepository } from "../support/git-repository";
import { rest, signUpRest, type Credentials } from "../rest/rest-client";
import { trpcAs, uniqueName } from "../support/test-accounts";

const app = (version: string) => `def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"${version}"]
`;
const INI = "[wsgi]\nentrypoint = app:application\n\n[worker:processes]\nloop = sleep 3600\n";

let harness: Awaited<ReturnType<typeof startDeployHarness>>;
beforeAll(async () => {
  harness = await startDeployHarness();
});
afterAll(async () => {
  await harness.stop();
});

async function callerFor(accountName: string, username: string): Promise<Caller> {
  const user = await getDb().user.findFirstOrThrow({ where: { username }, include: { account: true } });
  return { userId: user.id, username, accountId: user.accountId, accountName };
}

/** An app serving v1 with one worker instance, and v2 committed, ready to deploy. */
async function appServingV1() {
  const repo = makeGitRepository({ "app.py": app("v1"), "thirty.ini": INI });
  const me = await signUpRest();
  const caller = await callerFor(me.account, me.auth.username);
  const name = uniqueName("app");
  await trpcAs(caller).apps.create({ name, repository: { location: repo.dir } });
  await trpcAs(caller).services.create({ app: name, service: { label: "worker", instances: 1 } });
  const first = await harness.act(caller, name, { action: "deploy" });
  expect(first.status, logbookText(first)).toBe("finished");
  repo.commit({ "app.py": app("v2") }, "v2");
  const appId = (await getDb().app.findFirstOrThrow({ where: { name } })).id;
  return { caller, auth: me.auth, account: me.account, name, appId, host: `${name}-${me.account}.localhost` };
}

/** Which release each live instance of the app runs, by kind. */
async function releasesLive(appId: string): Promise<{ app: number[]; worker: number[] }> {
  const numbers = async (kind: "app" | "worker") => {
    const ids = harness.runtime.live(appId, kind).map((instance) => instance.releaseId);
    const rows = await getDb().release.findMany({ where: { id: { in: ids } } });
    return ids.map((id) => rows.find((row) => row.id === id)?.number ?? -1);
  };
  return { app: await numbers("app"), worker: await numbers("worker") };
}

/** Deploys v2 and, as `stage` begins its work, does what a user clicking Cancel then would. */
async function deployCancellingDuring(
  target: Awaited<ReturnType<typeof appServingV1>>,
  stage: string,
  cancel: (actionId: string) => Promise<void>,
) {
  const queued = await queueAction(target.caller, {
    appName: target.name,
    target: "app",
    request: { action: "deploy" },
  });
  let reached = false;
  await runAction(getDb(), harness.runtime, queued.id, {
    duringStage: async (name) => {
      if (name !== stage) return;
      reached = true;
      await cancel(queued.id);
    },
  });
  expect(reached, `the deploy never reached ${stage}`).toBe(true);
  return getLogbook(target.caller, queued.id);
}

describe("[CANCEL] a cancel before the switch changes nothing; from the switch on it is refused", () => {
  for (const stage of ["fetch", "configure", "build", "start", "check", "postinstall"]) {
    it(`cancelled during ${stage}: the app keeps serving the old release, workers too`, async () => {
      const target = await appServingV1();
      const logbook = await deployCancellingDuring(target, stage, async (id) => {
        await cancelAction(target.caller, id);
      });
      expect(logbook.status).toBe("error");
      expect(logbookText(logbook)).toContain(
        `Cancelled by ${target.caller.username}. The running app is untouched.`,
      );
      expect(await harness.get(target.host)).toMatchObject({ status: 200, body: "v1" });
      expect(await releasesLive(target.appId)).toEqual({ app: [1], worker: [1] });
      expect(await getDb().release.count({ where: { appId: target.appId } })).toBe(1);
    });
  }

  it("refuses a cancel during the switch (REST 409 with the reason); web and workers both move to v2", async () => {
    const target = await appServingV1();
    const refusals: { status: number; error: unknown }[] = [];
    const logbook = await deployCancellingDuring(target, "switch", async (id) => {
      const answer = await rest("DELETE", `${target.account}/logbook/${id}`, {
        auth: target.auth as Credentials,
      });
      refusals.push({ status: answer.status, error: answer.body.error });
    });
    expect(refusals).toEqual([{ status: 409, error: NO_RETURN_MESSAGE }]);
    expect(logbook.status, logbookText(logbook)).toBe("finished");
    expect(logbook.cancelRequestedBy).toBeNull();
    expect(await harness.get(target.host)).toMatchObject({ status: 200, body: "v2" });
    expect(await releasesLive(target.appId)).toEqual({ app: [2], worker: [2] });
  });

  it("refuses a cancel during the workers stage, through the dashboard's API too", async () => {
    const target = await appServingV1();
    const refusals: string[] = [];
    const logbook = await deployCancellingDuring(target, "workers", async (id) => {
      await trpcAs(target.caller)
        .actions.cancel({ id })
        .then(
          () => refusals.push("accepted"),
          (error: unknown) =>
            refusals.push(`${(error as { code?: string }).code}: ${(error as Error).message}`),
        );
    });
    expect(refusals).toEqual([`CONFLICT: ${NO_RETURN_MESSAGE}`]);
    expect(logbook.status, logbookText(logbook)).toBe("finished");
    expect(await releasesLive(target.appId)).toEqual({ app: [2], worker: [2] });
    const summary = await trpcAs(target.caller).actions.get({ id: logbook.id });
    expect(summary.committed).toBe(true);
  });
});
