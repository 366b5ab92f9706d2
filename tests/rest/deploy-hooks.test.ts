import { createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { runAction } from "@/server/pipeline/run-action";
import { handleRestRequest } from "@/server/rest/router";
import { replayWindowMs } from "@/server/services/deploy-hooks/hook-deliveries";
import { startEdgeServer } from "../edge/http-server";
import { startDeployHarness } from "../support/deploy-harness";
import { makeGitRepository } from "../support/git-repository";
import { ORIGIN, rest, signUpRest, type Credentials } from "./rest-client";

let harness: Awaited<ReturnType<typeof startDeployHarness>>;
beforeAll(async () => {
  harness = await startDeployHarness();
});
afterAll(async () => {
  await harness.stop();
});

type Me = { account: string; auth: Credentials };

const answering = (text: string) => ({
  "app.py": `def application(e, s):\n    s("200 OK", [])\n    return [b"${text}"]\n`,
  "thirty.ini": "[wsgi]\nentrypoint = app:application\n",
});

async function appWithHook(options: { repoCommit?: string } = {}) {
  const me: Me = await signUpRest();
  const repo = makeGitRepository(answering("one"));
  const created = await rest("POST", `${me.account}/apps`, {
    auth: me.auth,
    body: {
      name: "web",
      ...(options.repoCommit ? { repo_commit: options.repoCommit } : {}),
      repository: { name: "web", location: repo.dir },
    },
  });
  expect(created.status, created.text).toBe(201);
  const hook = await rest("GET", `${me.account}/apps/web/deploy_hook`, { auth: me.auth });
  expect(hook.status, hook.text).toBe(200);
  return { me, repo, secret: String(hook.body.secret), hook: hook.body };
}

/** A push event's body as GitHub, Gitea and GitLab send one (the fields the platform reads). */
function pushBody(ref: string, options: { after?: string; pusher?: string; defaultBranch?: string } = {}) {
  return JSON.stringify({
    ref,
    after: options.after ?? "a".repeat(40),
    pusher: { name: options.pusher ?? "alice", username: options.pusher ?? "alice" },
    user_username: options.pusher ?? "alice",
    repository: { default_branch: options.defaultBranch ?? "main" },
    project: { default_branch: options.defaultBranch ?? "main" },
  });
}

const hmac = (secret: string, body: string) => createHmac("sha256", secret).update(body).digest("hex");

type Provider = "github" | "gitea" | "gitlab";

/** Headers each forge sends with a push (or another event), signed with `secret`. */
function signedHeaders(
  provider: Provider,
  secret: string,
  body: string,
  event?: string,
): Record<string, string> {
  if (provider === "github")
    return { "X-GitHub-Event": event ?? "push", "X-Hub-Signature-256": `sha256=${hmac(secret, body)}` };
  if (provider === "gitea")
    return { "X-Gitea-Event": event ?? "push", "X-Gitea-Signature": hmac(secret, body) };
  return { "X-Gitlab-Event": event ?? "Push Hook", "X-Gitlab-Token": secret };
}

/** POSTs an event to the hook, without Basic auth, as a forge does. */
async function sendEvent(account: string, app: string, body: string, headers: Record<string, string>) {
  const response = await handleRestRequest(
    new Request(`${ORIGIN}/0.9/${account}/apps/${app}/deploy_hook`, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...headers },
      body,
    }),
  );
  const text = await response.text();
  return { status: response.status, headers: response.headers, text };
}

async function deploysOf(account: string) {
  return getDb().action.findMany({
    where: { app: { account: { name: account }, name: "web" }, kind: "deploy" },
    orderBy: { createdAt: "asc" },
  });
}

describe("[REST] deploy hooks", () => {
  it("shows the hook to the account (Basic auth), rotates its secret, and never to anyone else", async () => {
    const { me, secret, hook } = await appWithHook();
    expect(hook).toEqual({
      url: `${ORIGIN}/0.9/${me.account}/apps/web/deploy_hook`,
      secret,
      branch: "HEAD",
    });
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const again = await rest("GET", `${me.account}/apps/web/deploy_hook`, { auth: me.auth });
    expect(again.body.secret).toBe(secret);
    expect((await rest("GET", `${me.account}/apps/web/deploy_hook`)).status).toBe(401);
    // Another account's credentials are refused for this account's path.
    const other = await signUpRest();
    expect((await rest("GET", `${me.account}/apps/web/deploy_hook`, { auth: other.auth })).status).toBe(403);

    const rotated = await rest("PUT", `${me.account}/apps/web/deploy_hook`, { auth: me.auth });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(secret);
    const body = pushBody("refs/heads/main");
    const old = await sendEvent(me.account, "web", body, signedHeaders("github", secret, body));
    expect(old.status).toBe(401);
    const fresh = await sendEvent(
      me.account,
      "web",
      body,
      signedHeaders("github", String(rotated.body.secret), body),
    );
    expect(fresh.status, fresh.text).toBe(202);
    // The secret is stored encrypted, not as written.
    const row = await getDb().app.findFirstOrThrow({ where: { account: { name: me.account }, name: "web" } });
    expect(row.deployHookSecretEncrypted).not.toContain(String(rotated.body.secret));
  });

  it("a signed GitHub push to the app's branch queues a deploy by the owner that deploys the push", async () => {
    const { me, repo, secret } = await appWithHook();
    const pushed = repo.commit(answering("two"), "second");
    const body = pushBody("refs/heads/main", { after: pushed, pusher: "octocat" });
    const answer = await sendEvent(me.account, "web", body, signedHeaders("github", secret, body));
    expect(answer.status, answer.text).toBe(202);
    const location = answer.headers.get("Location") ?? "";
    expect(location).toMatch(new RegExp(`^${ORIGIN}/0\\.9/${me.account}/logbook/[0-9a-f-]{36}$`));
    expect(JSON.parse(answer.text)).toMatchObject({ code: 202, status: "queued" });

    const [deploy] = await deploysOf(me.account);
    expect(deploy).toMatchObject({ requestedBy: me.auth.username, status: "queued" });
    expect(deploy?.trigger).toEqual({
      source: "push",
      provider: "github",
      pusher: "octocat",
      ref: "refs/heads/main",
      commit: pushed,
    });
    // A second push while that deploy still waits is covered by it: nothing new is queued.
    const next = pushBody("refs/heads/main", { after: "b".repeat(40), pusher: "octocat" });
    const again = await sendEvent(me.account, "web", next, signedHeaders("github", secret, next));
    expect(again.status).toBe(202);
    expect(again.headers.get("Location")).toBe(location);
    expect(await deploysOf(me.account)).toHaveLength(1);

    await runAction(getDb(), harness.runtime, deploy?.id ?? "");
    const logbook = await rest("GET", location.replace(`${ORIGIN}/0.9/`, ""), { auth: me.auth });
    const messages = (logbook.body.messages as { message: string }[]).map((m) => m.message);
    expect(logbook.body.status, messages.join("\n")).toBe("finished");
    expect(messages[0]).toBe(
      `Queued by a push to main by octocat (commit ${pushed.slice(0, 12)}), received from GitHub through the deploy hook.`,
    );
    expect(messages.join("\n")).not.toContain(secret);
    expect((await harness.get(`web-${me.account}.localhost`)).body).toBe("two");
  });

  it("accepts Gitea's and GitLab's signatures, and answers GitHub's ping without deploying", async () => {
    const { me, secret } = await appWithHook();
    const ping = JSON.stringify({ zen: "Keep it logically awesome.", hook_id: 1 });
    const pinged = await sendEvent(me.account, "web", ping, signedHeaders("github", secret, ping, "ping"));
    expect(pinged.status).toBe(204);
    expect(await deploysOf(me.account)).toHaveLength(0);

    for (const provider of ["gitea", "gitlab"] as const) {
      // A push of its own for each: the same body twice would be a replay.
      const body = pushBody("refs/heads/main", {
        after: provider === "gitea" ? "c".repeat(40) : "d".repeat(40),
      });
      const answer = await sendEvent(me.account, "web", body, signedHeaders(provider, secret, body));
      expect(answer.status, `${provider}: ${answer.text}`).toBe(202);
      const deploys = await deploysOf(me.account);
      expect(deploys.at(-1)?.trigger).toMatchObject({ provider, pusher: "alice" });
      // Each provider's deploy is ended so the next push queues its own.
      await getDb().action.updateMany({
        where: { id: deploys.at(-1)?.id ?? "" },
        data: { status: "error", finishedAt: new Date() },
      });
    }
    expect(await deploysOf(me.account)).toHaveLength(2);
    // Another event than a push (GitLab's tag push, Gitea's issues) deploys nothing.
    const body = pushBody("refs/heads/main");
    const tag = await sendEvent(
      me.account,
      "web",
      body,
      signedHeaders("gitlab", secret, body, "Tag Push Hook"),
    );
    expect(tag.status).toBe(204);
    expect(await deploysOf(me.account)).toHaveLength(2);
  });

  it("another ref, a deleted branch, or the default branch when the app deploys another: 204, nothing queued", async () => {
    const { me, secret } = await appWithHook({ repoCommit: "release" });
    for (const body of [
      pushBody("refs/heads/main"),
      pushBody("refs/tags/release"),
      pushBody("refs/heads/release-2"),
      pushBody("refs/heads/release", { after: "0".repeat(40) }),
    ]) {
      const answer = await sendEvent(me.account, "web", body, signedHeaders("github", secret, body));
      expect(answer.status, body).toBe(204);
    }
    expect(await deploysOf(me.account)).toHaveLength(0);
    const ours = pushBody("refs/heads/release");
    expect((await sendEvent(me.account, "web", ours, signedHeaders("gitea", secret, ours))).status).toBe(202);
  });

  it("a bad or missing signature is 401 and queues nothing; an unknown app is 404 whatever is sent", async () => {
    const { me, secret } = await appWithHook();
    const body = pushBody("refs/heads/main");
    const attempts: Record<string, string>[] = [
      {},
      { "X-GitHub-Event": "push" },
      { "X-GitHub-Event": "push", "X-Hub-Signature-256": `sha256=${hmac("not the secret", body)}` },
      // Signed body, other bytes sent: the signature covers the exact body.
      { "X-GitHub-Event": "push", "X-Hub-Signature-256": `sha256=${hmac(secret, `${body} `)}` },
      { "X-GitHub-Event": "push", "X-Hub-Signature-256": hmac(secret, body) },
      { "X-Gitea-Event": "push", "X-Gitea-Signature": "" },
      { "X-Gitlab-Event": "Push Hook", "X-Gitlab-Token": `${secret}x` },
      { "X-Gitlab-Event": "Push Hook", "X-Gitlab-Token": secret.slice(0, 20) },
    ];
    for (const headers of attempts) {
      const answer = await sendEvent(me.account, "web", body, headers);
      expect(answer.status, JSON.stringify(headers)).toBe(401);
      expect(answer.text).not.toContain(secret);
    }
    expect(await deploysOf(me.account)).toHaveLength(0);

    const unknownApp = await sendEvent(me.account, "nope", body, signedHeaders("github", secret, body));
    const unknownAccount = await sendEvent(
      "no-such-account",
      "web",
      body,
      signedHeaders("github", secret, body),
    );
    expect(unknownApp.status).toBe(404);
    expect(unknownAccount.status).toBe(404);
    expect(unknownAccount.text).toBe(unknownApp.text);
  });

  it("[two accounts]: A's secret cannot deploy B's app, even for an app of the same name", async () => {
    const a = await appWithHook();
    const b = await appWithHook();
    const body = pushBody("refs/heads/main");
    for (const provider of ["github", "gitea", "gitlab"] as const) {
      const answer = await sendEvent(b.me.account, "web", body, signedHeaders(provider, a.secret, body));
      expect(answer.status, provider).toBe(401);
    }
    expect(await deploysOf(b.me.account)).toHaveLength(0);
    // A's own hook still works with A's secret; B's answers only to B's.
    const own = await sendEvent(b.me.account, "web", body, signedHeaders("github", b.secret, body));
    expect(own.status).toBe(202);
    expect(await deploysOf(a.me.account)).toHaveLength(0);
  });

  it("[over HTTP]: a captured signed delivery replayed is 409 and deploys nothing, whatever delivery id it carries", async () => {
    const server = await startEdgeServer();
    try {
      const post = (path: string, body: string, headers: Record<string, string>) =>
        fetch(`http://127.0.0.1:${server.port}/0.9/${path}`, {
          method: "POST",
          headers: { "Content-Type": "application/json", ...headers },
          body,
        });
      const { me, secret } = await appWithHook();
      const hook = `${me.account}/apps/web/deploy_hook`;
      const body = pushBody("refs/heads/main", { after: "e".repeat(40) });
      const delivery = { ...signedHeaders("github", secret, body), "X-GitHub-Delivery": randomUUID() };
      const first = await post(hook, body, delivery);
      expect(first.status, await first.text()).toBe(202);
      // The deploy ends, so a replay could not just ride along on a queued one.
      await getDb().action.updateMany({
        where: { app: { account: { name: me.account } } },
        data: { status: "error", finishedAt: new Date() },
      });

      const replay = await post(hook, body, delivery);
      expect(replay.status).toBe(409);
      expect(await replay.json()).toEqual({
        code: 409,
        error: `This delivery (${delivery["X-GitHub-Delivery"]}) was received before, so it deploys nothing again. To deploy, push a new commit or deploy from the dashboard.`,
      });
      // The id header is not signed: a new one on the same signed body is still the same delivery.
      const renamed = await post(hook, body, { ...delivery, "X-GitHub-Delivery": randomUUID() });
      expect(renamed.status).toBe(409);
      // A forge's own redelivery of a new body under a used id is refused as well.
      const next = pushBody("refs/heads/main", { after: "f".repeat(40) });
      const reused = await post(hook, next, {
        ...signedHeaders("github", secret, next),
        "X-GitHub-Delivery": delivery["X-GitHub-Delivery"],
      });
      expect(reused.status).toBe(409);
      expect(await deploysOf(me.account)).toHaveLength(1);

      // Two copies of a new delivery at once: one deploys, the other is the replay.
      const burst = pushBody("refs/heads/main", { after: "9".repeat(40) });
      const copies = await Promise.all(
        [0, 1].map(() =>
          post(hook, burst, {
            ...signedHeaders("gitlab", secret, burst),
            "X-Gitlab-Event-UUID": randomUUID(),
          }),
        ),
      );
      expect(copies.map((c) => c.status).sort()).toEqual([202, 409]);
      expect(await deploysOf(me.account)).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it("[two accounts]: one account's deliveries do not count as another's, and old ones are forgotten", async () => {
    const a = await appWithHook();
    const b = await appWithHook();
    const body = pushBody("refs/heads/main", { after: "1".repeat(40) });
    const id = { "X-Gitea-Delivery": randomUUID() };
    for (const { me, secret } of [a, b]) {
      const answer = await sendEvent(me.account, "web", body, {
        ...signedHeaders("gitea", secret, body),
        ...id,
      });
      expect(answer.status, answer.text).toBe(202);
    }
    // Past the window (THIRTY_HOOK_REPLAY_DAYS), a delivery is no longer remembered.
    const app = await getDb().app.findFirstOrThrow({
      where: { account: { name: a.me.account }, name: "web" },
    });
    await getDb().deployHookDelivery.updateMany({
      where: { appId: app.id },
      data: { receivedAt: new Date(Date.now() - replayWindowMs() - 60_000) },
    });
    const again = await sendEvent(a.me.account, "web", body, {
      ...signedHeaders("gitea", a.secret, body),
      ...id,
    });
    // Still queued from the first push: answered with that deploy, and remembered again.
    expect(again.status, again.text).toBe(202);
    expect(await getDb().deployHookDelivery.count({ where: { appId: app.id } })).toBe(2);
    const replay = await sendEvent(b.me.account, "web", body, {
      ...signedHeaders("gitea", b.secret, body),
      ...id,
    });
    expect(replay.status).toBe(409);
  });
});
