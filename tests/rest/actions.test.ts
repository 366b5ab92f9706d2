import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { runAction } from "@/server/pipeline/run-action";
import { startDeployHarness } from "../support/deploy-harness";
import { makeGitRepository } from "../support/git-repository";
import { ORIGIN, rest, signUpRest } from "./rest-client";

let harness: Awaited<ReturnType<typeof startDeployHarness>>;
beforeAll(async () => {
  harness = await startDeployHarness();
});
afterAll(async () => {
  await harness.stop();
});

async function appWithRepository() {
  const me = await signUpRest();
  const repo = makeGitRepository({
    "app.py": 'def application(e, s):\n    s("200 OK", [])\n    return [b"rest"]\n',
    "thirty.ini": "[wsgi]\nentrypoint = app:application\n\n[worker:processes]\nw = sleep 3600\n",
  });
  const created = await rest("POST", `${me.account}/apps`, {
    auth: me.auth,
    body: { name: "web", repository: { name: "web", location: repo.dir } },
  });
  expect(created.status).toBe(201);
  return me;
}

/** What the queue worker does with the job; here the test runs it. */
async function runQueued(location: string) {
  const id = location.split("/").pop() ?? "";
  await runAction(getDb(), harness.runtime, id);
  return id;
}

describe("[REST] Actions, Logbook and Logs APIs", () => {
  it("queues a deploy with 202 and the logbook's Location, and the logbook reads as documented", async () => {
    const me = await appWithRepository();
    const queued = await rest("POST", `${me.account}/apps/web`, {
      auth: me.auth,
      body: { action: "deploy" },
    });
    expect(queued.status).toBe(202);
    const location = queued.headers.get("Location") ?? "";
    expect(location).toMatch(new RegExp(`^${ORIGIN}/0\\.9/${me.account}/logbook/[0-9a-f-]{36}$`));
    const before = await rest("GET", location.replace(`${ORIGIN}/0.9/`, ""), { auth: me.auth });
    expect(before.body).toMatchObject({ action: "AppDeployAction", status: "queued", messages: [] });

    await runQueued(location);
    const logbook = await rest("GET", location.replace(`${ORIGIN}/0.9/`, ""), { auth: me.auth });
    expect(logbook.status).toBe(200);
    expect(logbook.body).toMatchObject({
      action: "AppDeployAction",
      status: "finished",
      link: { href: location, rel: "self" },
    });
    const messages = logbook.body.messages as { asctime: string; loglevel: number; message: string }[];
    expect(messages.length).toBeGreaterThan(5);
    expect(messages[0]?.asctime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(messages.every((m) => m.loglevel >= 0 && m.loglevel <= 5)).toBe(true);

    const host = `web-${me.account}.localhost`;
    for (let i = 0; i < 3; i++) expect((await harness.get(host)).body).toBe("rest");
    // nginx writes its access log in buffered blocks (at most 250 ms late): wait for both lines.
    let logs = await rest("GET", `${me.account}/app/web/logs?limit=2&process=nginx`, { auth: me.auth });
    for (let i = 0; i < 50 && (logs.body.messages as unknown[]).length < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await harness.runtime.logs.flush();
      logs = await rest("GET", `${me.account}/app/web/logs?limit=2&process=nginx`, { auth: me.auth });
    }
    expect(logs.status).toBe(200);
    const lines = logs.body.messages as {
      message: string;
      program: string;
      severity: string;
      timestamp: string;
    }[];
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ program: "nginx", severity: "Info" });
    // nginx counts the body as sent (chunked framing included).
    expect(lines[0]?.message).toMatch(/"GET \/ HTTP\/1\.1" 200 \d+ "-" "-"$/);
    const commaStyle = await rest("GET", `${me.account}/app/web/logs?limit=1,process=gunicorn`, {
      auth: me.auth,
    });
    expect((commaStyle.body.messages as { program: string }[]).map((m) => m.program)).toEqual(["gunicorn"]);
    const defaults = await rest("GET", `${me.account}/app/web/logs`, { auth: me.auth });
    expect((defaults.body.messages as unknown[]).length).toBeLessThanOrEqual(10);
    expect((await rest("GET", `${me.account}/app/web/logs?limit=abc`, { auth: me.auth })).status).toBe(400);
  });

  it("queues worker actions on the worker service, and cancels a queued action with DELETE", async () => {
    const me = await appWithRepository();
    await rest("POST", `${me.account}/apps/web/services`, {
      auth: me.auth,
      body: { label: "worker", instances: 1 },
    });
    const scale = await rest("POST", `${me.account}/apps/web/services/worker`, {
      auth: me.auth,
      body: { action: "scale", options: { instances: 2 } },
    });
    expect(scale.status).toBe(202);
    const path = (scale.headers.get("Location") ?? "").replace(`${ORIGIN}/0.9/`, "");
    const cancelled = await rest("DELETE", path, { auth: me.auth });
    expect(cancelled.status).toBe(202);
    expect(cancelled.body).toMatchObject({ action: "WorkerScaleAction", status: "error" });
    expect((cancelled.body.messages as { message: string }[])[0]?.message).toBe(
      `Cancelled by ${me.auth.username} before it started.`,
    );
    const again = await rest("DELETE", path, { auth: me.auth });
    expect(again.status).toBe(409);
  });

  it("answers the documented errors", async () => {
    const me = await appWithRepository();
    const other = await signUpRest();
    const bad = await rest("POST", `${me.account}/apps/web`, { auth: me.auth, body: { action: "fly" } });
    expect(bad.body).toMatchObject({ code: 400 });
    const malformed = await rest("POST", `${me.account}/apps/web`, { auth: me.auth, rawBody: "{nope" });
    expect(malformed.body).toEqual({ code: 400, error: "Malformed input data." });
    const quota = await rest("POST", `${me.account}/apps/web`, {
      auth: me.auth,
      body: { action: "scale", options: { instances: 9 } },
    });
    expect(quota.body).toEqual({ code: 403, error: "Quota reached." });
    expect(
      (await rest("POST", `${me.account}/apps/nope`, { auth: me.auth, body: { action: "deploy" } })).status,
    ).toBe(404);
    expect((await rest("GET", `${me.account}/logbook/not-a-uuid`, { auth: me.auth })).body).toEqual({
      code: 404,
      error: "Logbook not found.",
    });
    expect(
      (await rest("GET", `${me.account}/logbook/00000000-0000-4000-8000-000000000000`, { auth: me.auth }))
        .status,
    ).toBe(404);
    expect(
      (await rest("PUT", `${me.account}/logbook/00000000-0000-4000-8000-000000000000`, { auth: me.auth }))
        .status,
    ).toBe(405);
    expect((await rest("GET", `${me.account}/app/web/logs`)).status).toBe(401);

    // Another account's logbook is not found through its own account, and forbidden through ours.
    const queued = await rest("POST", `${me.account}/apps/web`, {
      auth: me.auth,
      body: { action: "restart" },
    });
    const id = (queued.headers.get("Location") ?? "").split("/").pop();
    expect((await rest("GET", `${other.account}/logbook/${id}`, { auth: other.auth })).status).toBe(404);
    expect((await rest("GET", `${me.account}/logbook/${id}`, { auth: other.auth })).status).toBe(403);
  });
});
