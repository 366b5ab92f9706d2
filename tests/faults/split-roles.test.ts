import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort } from "@/server/platform/free-port";
import { httpGet } from "../support/deploy-harness";
import { makeGitRepository } from "../support/git-repository";
import { launcher, signUpThroughRest } from "./launched-platform";
import { TEST_QUEUE_SCHEMAS } from "../support/queue-schemas";

// The platform run split, as the README's "Running split" describes: two `web` processes and
// one `worker,runtime` process, each started by the launcher (npm start's scripts/start.ts),
// sharing the test PostgreSQL. The queue gets a private schema so no other test file's worker
// takes these jobs. The first web process builds the dashboard if it is out of date.
const QUEUE_SCHEMA = TEST_QUEUE_SCHEMAS.split;

const platform = launcher(QUEUE_SCHEMA);
const launch = platform.launch;
const launched = platform.launched;

let webA = "";
let webB = "";
let routerPort = 0;

beforeAll(async () => {
  const [portA, portB] = [await findFreePort(), await findFreePort()];
  routerPort = await findFreePort();
  webA = `http://localhost:${portA}`;
  webB = `http://localhost:${portB}`;
  // Web A first: it builds the dashboard if its sources changed; two builds at once collide.
  await launch("web", { PORT: String(portA), THIRTY_PUBLIC_URL: webA }, /serving the dashboard/);
  await Promise.all([
    launch("web", { PORT: String(portB), THIRTY_PUBLIC_URL: webB }, /serving the dashboard/),
    launch("worker,runtime", { ROUTER_PORT: String(routerPort) }, /thirtyloops is running worker,runtime/),
  ]);
}, 600_000);

afterAll(async () => {
  await platform.stopAll();
});

describe("[SPLIT] two web processes and one worker,runtime process on one PostgreSQL", () => {
  it("a deploy asked of web A is run by the worker and streamed live to a client of web B", async () => {
    const { account, auth } = await signUpThroughRest(webA, "split");
    const repo = makeGitRepository({
      "app.py": 'def application(e, s):\n    s("200 OK", [])\n    return [b"split"]\n',
      "thirty.ini": "[wsgi]\nentrypoint = app:application\n",
    });
    const created = await fetch(`${webA}/0.9/${account}/apps`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ name: "web", repository: { variant: "git", location: repo.dir } }),
    });
    expect(created.status, await created.clone().text()).toBe(201);

    // A client of web B follows the app's process output from before the deploy starts (the
    // answer's headers come with its first event, so the request is not awaited here).
    const follow = new AbortController();
    let streamed = "";
    let followStatus = 0;
    const gunicornLine = (async () => {
      const stream = await fetch(`${webB}/0.9/${account}/app/web/logs?follow=1&process=gunicorn`, {
        headers: { Authorization: auth.Authorization ?? "" },
        signal: follow.signal,
      });
      followStatus = stream.status;
      const reader = stream.body?.getReader();
      const decoder = new TextDecoder();
      while (reader && !/data: .*gunicorn/i.test(streamed)) {
        const chunk = await reader.read();
        if (chunk.done) break;
        streamed += decoder.decode(chunk.value, { stream: true });
      }
    })();

    const deploy = await fetch(`${webA}/0.9/${account}/apps/web`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ action: "deploy" }),
    });
    expect(deploy.status).toBe(202);
    const logbookPath = new URL(deploy.headers.get("Location") ?? "", webA).pathname;
    let logbook: { status?: string; messages?: { message: string }[] } = {};
    for (let i = 0; i < 600 && !["finished", "error"].includes(logbook.status ?? ""); i++) {
      await new Promise((r) => setTimeout(r, 200));
      logbook = (await (await fetch(`${webB}${logbookPath}`, { headers: auth })).json()) as typeof logbook;
    }
    expect(
      logbook.status,
      `${JSON.stringify(logbook.messages?.map((m) => m.message))}\n${launched.map((l) => l.output()).join("\n---\n")}`,
    ).toBe("finished");
    // Bounded: a stream that never brings the line is cut, and the assertion below says so.
    const cut = setTimeout(() => follow.abort(), 60_000);
    await gunicornLine.catch(() => undefined);
    clearTimeout(cut);
    follow.abort();
    expect(followStatus).toBe(200);
    expect(streamed, `web B streamed:\n${streamed}`).toMatch(/data: .*gunicorn/i);
    // Served by the worker,runtime process's router; the web processes run no instances.
    expect(await httpGet(routerPort, `web-${account}.localhost`)).toMatchObject({
      status: 200,
      body: "split",
    });
  }, 240_000);
});
