import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { LINE_OVERHEAD_BYTES } from "@/server/live/live-events";
import { LiveHub } from "@/server/live/live-hub";
import { PgLiveBus } from "@/server/live/pg-live-bus";
import { streamLogs, type LogStreamItem } from "@/server/live/stream-logs";
import { logbookText, startDeployHarness } from "../support/deploy-harness";
import { makeGitRepository } from "../support/git-repository";
import { handleRestRequest } from "@/server/rest/router";
import type { Caller } from "@/server/services/caller";
import { ORIGIN, rest, signUpRest } from "../rest/rest-client";
import { createTestAccount, trpcAs, uniqueName } from "../support/test-accounts";

async function callerFor(accountName: string, username: string): Promise<Caller> {
  const user = await getDb().user.findFirstOrThrow({ where: { username }, include: { account: true } });
  return { userId: user.id, username, accountId: user.accountId, accountName };
}

// The writer (the runtime) and the reader (the hub) use separate PostgreSQL connections:
// every line reaches the stream through LISTEN/NOTIFY, as between platform processes.
let publisher: PgLiveBus;
let listener: PgLiveBus;
let hub: LiveHub;
let harness: Awaited<ReturnType<typeof startDeployHarness>>;

beforeAll(async () => {
  publisher = new PgLiveBus(process.env.DATABASE_URL ?? "");
  listener = new PgLiveBus(process.env.DATABASE_URL ?? "");
  hub = new LiveHub(listener);
  await hub.ready();
  harness = await startDeployHarness({ bus: publisher });
});
afterAll(async () => {
  await harness.stop();
  await publisher.close();
  await listener.close();
});

async function collect(
  stream: AsyncGenerator<LogStreamItem>,
  count: number,
  timeoutMs = 60_000,
): Promise<LogStreamItem[]> {
  const items: LogStreamItem[] = [];
  const deadline = Date.now() + timeoutMs;
  for await (const item of stream) {
    items.push(item);
    if (items.length >= count || Date.now() > deadline) break;
  }
  return items;
}

describe("[LIVE] process logs streamed through LISTEN/NOTIFY", () => {
  it("streams the Logs API as text/event-stream with ?follow=1, with ids to resume from", async () => {
    const me = await signUpRest();
    const repo = makeGitRepository({
      "app.py": 'def application(e, s):\n    s("200 OK", [])\n    return [b"ok"]\n',
      "thirty.ini": "[wsgi]\nentrypoint = app:application\n",
    });
    await rest("POST", `${me.account}/apps`, {
      auth: me.auth,
      body: { name: "web", repository: { name: "web", location: repo.dir } },
    });
    const caller = await callerFor(me.account, me.auth.username);
    expect((await harness.act(caller, "web", { action: "deploy" })).status).toBe("finished");
    const host = `web-${me.account}.localhost`;
    await harness.get(host, "/before-follow");
    await harness.runtime.logs.flush();

    const abort = new AbortController();
    const response = await handleRestRequest(
      new Request(`${ORIGIN}/0.9/${me.account}/app/web/logs?follow=1&process=nginx&limit=1`, {
        headers: {
          Authorization: `Basic ${Buffer.from(`${me.auth.username}:${me.auth.password}`).toString("base64")}`,
        },
        signal: abort.signal,
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/event-stream");
    const reader = response.body?.getReader();
    const decoder = new TextDecoder();
    let text = "";
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) break;
        text += decoder.decode(chunk.value);
      }
    };
    await readUntil("/before-follow");
    await harness.get(host, "/while-following");
    await readUntil("/while-following");
    abort.abort();
    await reader?.cancel();
    const events = text.split("\n\n").filter(Boolean);
    expect(events).toHaveLength(2);
    expect(events[1]).toMatch(
      /^id: \d+\nevent: message\ndata: \{"message":".*GET \/while-following HTTP\/1\.1.*","program":"nginx","severity":"Info","timestamp":"[^"]+Z"\}$/,
    );
  });

  it("delivers all 10,000 lines of a fast printer in order, and resumes after a reconnect without gap or duplicate", async () => {
    const repo = makeGitRepository({
      "app.py": 'def application(e, s):\n    s("200 OK", [])\n    return [b"ok"]\n',
      "thirty.ini":
        "[wsgi]\nentrypoint = app:application\n\n[app:processes]\nprinter = sh -c 'while [ ! -f /app/media/go ]; do sleep 0.05; done; seq 1 10000; sleep 3600'\n",
    });
    const caller = await createTestAccount("live");
    const name = uniqueName("app");
    await trpcAs(caller).apps.create({ name, repository: { location: repo.dir } });
    const deployed = await harness.act(caller, name, { action: "deploy" });
    expect(deployed.status, logbookText(deployed)).toBe("finished");
    const appId = (await getDb().app.findFirstOrThrow({ where: { name } })).id;
    const filter = { programs: ["printer"] };

    const whole = new AbortController();
    const first = collect(
      streamLogs({ db: getDb(), hub, appId, filter, lastEventId: null, signal: whole.signal }),
      10_000,
    );
    const interrupted = new AbortController();
    const partial = collect(
      streamLogs({ db: getDb(), hub, appId, filter, lastEventId: null, signal: interrupted.signal }),
      3000,
    );
    await new Promise((r) => setTimeout(r, 300));
    // The instance sees its media dir at /app/media; the platform writes it at its host path.
    writeFileSync(path.join(harness.runtime.paths(appId).mediaDir, "go"), "");

    const all = await first;
    whole.abort();
    expect(all.every((item) => item.type === "line")).toBe(true);
    const numbers = all.map((item) => (item.type === "line" ? Number(item.line.message) : -1));
    expect(numbers).toEqual(Array.from({ length: 10_000 }, (_, i) => i + 1));

    const head = await partial;
    interrupted.abort();
    const lastSeen = head.at(-1);
    expect(lastSeen?.type).toBe("line");
    const resumed = await collect(
      streamLogs({
        db: getDb(),
        hub,
        appId,
        filter,
        lastEventId: lastSeen?.type === "line" ? lastSeen.line.id : null,
        signal: new AbortController().signal,
      }),
      7000,
    );
    const joined = [...head, ...resumed].map((item) =>
      item.type === "line" ? Number(item.line.message) : -1,
    );
    expect(joined).toEqual(Array.from({ length: 10_000 }, (_, i) => i + 1));

    // Every line is stored too: nothing lost between the live path and the database.
    await harness.runtime.logs.flush();
    expect(await getDb().logLine.count({ where: { appId, program: "printer" } })).toBe(10_000);
  });

  it("tells a reader that fell too far behind how many lines it skipped, instead of buffering them", async () => {
    const repo = makeGitRepository({
      "app.py": 'def application(e, s):\n    s("200 OK", [])\n    return [b"ok"]\n',
      "thirty.ini":
        "[wsgi]\nentrypoint = app:application\n\n[app:processes]\nburst = sh -c 'while [ ! -f /app/media/go ]; do sleep 0.05; done; seq 1 3000; sleep 3600'\n",
    });
    const caller = await createTestAccount("slow");
    const name = uniqueName("app");
    await trpcAs(caller).apps.create({ name, repository: { location: repo.dir } });
    expect((await harness.act(caller, name, { action: "deploy" })).status).toBe("finished");
    const appId = (await getDb().app.findFirstOrThrow({ where: { name } })).id;
    const controller = new AbortController();
    const stream = streamLogs({
      db: getDb(),
      hub,
      appId,
      filter: { programs: ["burst"] },
      lastEventId: null,
      queueBytes: 100 * LINE_OVERHEAD_BYTES,
      signal: controller.signal,
    });
    // Start the stream (backlog is empty), then let the process print while nobody reads.
    const firstItem = stream.next();
    await new Promise((r) => setTimeout(r, 200));
    writeFileSync(path.join(harness.runtime.paths(appId).mediaDir, "go"), "");
    await new Promise((r) => setTimeout(r, 3000));
    const items: LogStreamItem[] = [];
    const one = await firstItem;
    if (!one.done) items.push(one.value);
    for (;;) {
      const next = await Promise.race([
        stream.next(),
        new Promise<null>((r) => setTimeout(() => r(null), 500)),
      ]);
      if (!next || next.done) break;
      items.push(next.value);
    }
    controller.abort();
    const skipped = items.filter((item) => item.type === "skipped");
    const lines = items.filter((item) => item.type === "line");
    expect(skipped.length).toBeGreaterThan(0);
    const skippedCount = skipped.reduce((sum, item) => sum + (item.type === "skipped" ? item.count : 0), 0);
    expect(lines.length + skippedCount).toBe(3000);
    // At most what fits the queue's bytes plus the one batch the stream was already handing out.
    expect(lines.length).toBeLessThanOrEqual(100 + 200);
  });
});
