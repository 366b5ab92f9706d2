import os from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { runAction } from "@/server/pipeline/run-action";
import { startDeployHarness } from "../support/deploy-harness";
import { makeGitRepository } from "../support/git-repository";
import { ORIGIN, rest, signUpRest, type Credentials } from "./rest-client";

let harness: Awaited<ReturnType<typeof startDeployHarness>>;
beforeAll(async () => {
  // The test repositories are temp dirs: allow them as local repositories.
  process.env.THIRTY_LOCAL_REPOSITORIES = os.tmpdir();
  harness = await startDeployHarness();
});
afterAll(async () => {
  await harness.stop();
});

const answering = (text: string) => ({
  "app.py": `def application(e, s):\n    s("200 OK", [])\n    return [b"${text}"]\n`,
  "thirty.ini": "[wsgi]\nentrypoint = app:application\n",
});

type Me = { account: string; auth: Credentials };

/** Queues an action through REST and runs it the way the queue worker would. */
async function act(me: Me, body: unknown) {
  const queued = await rest("POST", `${me.account}/apps/web`, { auth: me.auth, body });
  if (queued.status !== 202) return { queued, logbook: null };
  const location = queued.headers.get("Location") ?? "";
  await runAction(getDb(), harness.runtime, location.split("/").pop() ?? "");
  const logbook = await rest("GET", location.replace(`${ORIGIN}/0.9/`, ""), { auth: me.auth });
  return { queued, logbook: logbook.body as { status: string; messages: { message: string }[] } };
}

const text = (logbook: { messages: { message: string }[] } | null) =>
  (logbook?.messages ?? []).map((m) => m.message).join("\n");

/** Three deploys of three commits: the app answers "one", "two", then "three". */
async function appWithThreeReleases() {
  const me = await signUpRest();
  const repo = makeGitRepository(answering("one"), "first");
  const created = await rest("POST", `${me.account}/apps`, {
    auth: me.auth,
    body: { name: "web", repository: { name: "web", location: repo.dir } },
  });
  expect(created.status, created.text).toBe(201);
  const host = `web-${me.account}.localhost`;
  for (const [content, message] of [
    [null, null],
    ["two", "second"],
    ["three", "third"],
  ] as const) {
    if (content) repo.commit(answering(content), message);
    const { queued, logbook } = await act(me, { action: "deploy" });
    expect(logbook?.status, queued.text + text(logbook)).toBe("finished");
  }
  expect((await harness.get(host)).body).toBe("three");
  return { me, repo, host };
}

describe("[REST] releases and rollback", () => {
  it("lists kept releases newest first, and rolls back to the previous then to a given release", async () => {
    const { me, repo, host } = await appWithThreeReleases();
    const listed = await rest("GET", `${me.account}/apps/web/releases`, { auth: me.auth });
    expect(listed.status).toBe(200);
    const items = listed.body.items as Record<string, unknown>[];
    expect(listed.body.size).toBe(3);
    expect(items.map((i) => i.number)).toEqual([3, 2, 1]);
    expect(items[0]).toMatchObject({
      number: 3,
      commit: repo.git("rev-parse", "HEAD"),
      message: "third",
      deployed_by: me.auth.username,
      current: true,
      link: { href: `${ORIGIN}/0.9/${me.account}/apps/web/releases/3`, rel: "item" },
    });
    expect(items[0]?.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(items.filter((i) => i.current)).toHaveLength(1);

    // Zero downtime: the router answers every request while the rollback swaps instances.
    let polling = true;
    const seen: string[] = [];
    const poller = (async () => {
      while (polling) {
        const answer = await harness.get(host);
        seen.push(`${answer.status} ${answer.body}`);
      }
    })();
    const previous = await act(me, { action: "rollback" });
    polling = false;
    await poller;
    expect(previous.queued.status).toBe(202);
    expect(previous.logbook?.status, text(previous.logbook)).toBe("finished");
    expect(text(previous.logbook)).toContain("Rolling back from release 3 to release 2");
    expect(text(previous.logbook)).not.toMatch(/==> (Fetch|Build|Configure)/);
    expect((await harness.get(host)).body).toBe("two");
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((s) => s !== "200 three" && s !== "200 two")).toEqual([]);

    const given = await act(me, { action: "rollback", options: { release: 1 } });
    expect(given.logbook?.status, text(given.logbook)).toBe("finished");
    expect((await harness.get(host)).body).toBe("one");
    const after = await rest("GET", `${me.account}/apps/web/releases`, { auth: me.auth });
    expect((after.body.items as { number: number; current: boolean }[]).find((i) => i.current)?.number).toBe(
      1,
    );
    const one = await rest("GET", `${me.account}/apps/web/releases/1`, { auth: me.auth });
    expect(one.body).toMatchObject({ number: 1, message: "first", current: true });
    const app = await rest("GET", `${me.account}/apps/web`, { auth: me.auth });
    expect(app.status).toBe(200);
    // Rolling back from the oldest release has nowhere to go.
    const nowhere = await act(me, { action: "rollback" });
    expect(nowhere.queued.body).toEqual({
      code: 400,
      error: "There is no earlier kept release to roll back to.",
    });
  });

  it("refuses a pruned, an unknown and the running release, and an app never deployed", async () => {
    const { me } = await appWithThreeReleases();
    // Release 1's row and files go the way pruning removes them after later deploys.
    const app = await getDb().app.findFirstOrThrow({ where: { name: "web", account: { name: me.account } } });
    const { pruneReleases } = await import("@/server/pipeline/steps/prune-releases");
    process.env.THIRTY_KEEP_RELEASES = "2";
    try {
      expect(await pruneReleases(getDb(), app.id, app.currentReleaseId ?? "")).toBe(1);
    } finally {
      delete process.env.THIRTY_KEEP_RELEASES;
    }
    const pruned = await act(me, { action: "rollback", options: { release: 1 } });
    expect(pruned.queued.body).toEqual({
      code: 400,
      error:
        "Release 1 is no longer kept: its files were pruned. Roll back to a kept release or deploy its commit again.",
    });
    const unknown = await act(me, { action: "rollback", options: { release: 9 } });
    expect(unknown.queued.body).toEqual({ code: 400, error: "There is no release 9." });
    const running = await act(me, { action: "rollback", options: { release: 3 } });
    expect(running.queued.body).toEqual({ code: 400, error: "Release 3 is already running." });
    expect((await rest("GET", `${me.account}/apps/web/releases/1`, { auth: me.auth })).status).toBe(404);

    const fresh = await signUpRest();
    await rest("POST", `${fresh.account}/apps`, { auth: fresh.auth, body: { name: "web" } });
    const never = await act(fresh, { action: "rollback" });
    expect(never.queued.body).toMatchObject({ code: 400 });
    expect(
      (await rest("GET", `${fresh.account}/apps/web/releases`, { auth: fresh.auth })).body,
    ).toMatchObject({
      items: [],
      size: 0,
    });
  });
});

describe("[REST] changing variables", () => {
  it("queues a rolling restart of a running app, and nothing when the values did not change", async () => {
    const me = await signUpRest();
    const repo = makeGitRepository({
      "app.py":
        'import os\ndef application(e, s):\n    s("200 OK", [])\n    return [os.environ.get("GREETING", "none").encode()]\n',
      "thirty.ini": "[wsgi]\nentrypoint = app:application\n",
    });
    await rest("POST", `${me.account}/apps`, {
      auth: me.auth,
      body: { name: "web", repository: { name: "web", location: repo.dir } },
    });
    // Not deployed yet: a change is only configuration.
    const early = await rest("PUT", `${me.account}/apps/web`, {
      auth: me.auth,
      body: { envvars: [{ name: "GREETING", value: "early" }] },
    });
    expect(early.status).toBe(200);
    expect(early.headers.get("Link")).toBeNull();
    const { logbook } = await act(me, { action: "deploy" });
    expect(logbook?.status, text(logbook)).toBe("finished");
    const host = `web-${me.account}.localhost`;
    expect((await harness.get(host)).body).toBe("early");

    const changed = await rest("PUT", `${me.account}/apps/web`, {
      auth: me.auth,
      body: { envvars: [{ name: "GREETING", value: "hello" }] },
    });
    expect(changed.status).toBe(200);
    const link = /^<([^>]+)>; rel="related"$/.exec(changed.headers.get("Link") ?? "")?.[1] ?? "";
    expect(link).toMatch(new RegExp(`/0\\.9/${me.account}/logbook/[0-9a-f-]{36}$`));
    const queued = await rest("GET", link.replace(`${ORIGIN}/0.9/`, ""), { auth: me.auth });
    expect(queued.body).toMatchObject({ action: "AppRestartAction", status: "queued" });
    await runAction(getDb(), harness.runtime, link.split("/").pop() ?? "");
    expect((await harness.get(host)).body).toBe("hello");

    const same = await rest("PUT", `${me.account}/apps/web`, {
      auth: me.auth,
      body: { envvars: [{ name: "GREETING", value: "hello" }] },
    });
    expect(same.headers.get("Link")).toBeNull();
  });
});
