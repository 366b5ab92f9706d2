import os from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { pruneMetrics } from "@/server/metrics/metrics-store";
import { runAction } from "@/server/pipeline/run-action";
import { METRICS_READS_PER_MINUTE } from "@/server/services/metrics/get-app-metrics";
import { startDeployHarness } from "../support/deploy-harness";
import { makeGitRepository } from "../support/git-repository";
import { trpcAs } from "../support/test-accounts";
import { ORIGIN, rest, signUpRest, type Credentials } from "./rest-client";

let harness: Awaited<ReturnType<typeof startDeployHarness>>;
beforeAll(async () => {
  process.env.THIRTY_LOCAL_REPOSITORIES = os.tmpdir();
  harness = await startDeployHarness();
});
afterAll(async () => {
  await harness.stop();
});

/** Answers by path: /missing 404, /boom 500, /moved 301, anything else 200. */
const STATUS_APP = {
  "app.py": `CODES = {"/missing": "404 Not Found", "/boom": "500 Internal Server Error", "/moved": "301 Moved Permanently"}
def application(environ, start_response):
    path = environ.get("PATH_INFO", "/")
    status = CODES.get(path, "200 OK")
    headers = [("Content-Type", "text/plain")]
    if path == "/moved":
        headers.append(("Location", "/"))
    start_response(status, headers)
    return [status.encode()]
`,
  "thirty.ini": "[wsgi]\nentrypoint = app:application\n",
};

type Me = { account: string; auth: Credentials };
type Point = {
  time: string;
  requests: number;
  status: Record<string, number>;
  latency_ms: { p50: number | null; p95: number | null; p99: number | null };
};
type InstancePoint = {
  instance: string;
  cpu_percent: number | null;
  memory_bytes: number | null;
  time: string;
};
type Metrics = { points: Point[]; instances: InstancePoint[] };

async function deployedApp(me: Me) {
  const repo = makeGitRepository(STATUS_APP);
  const created = await rest("POST", `${me.account}/apps`, {
    auth: me.auth,
    body: { name: "web", repository: { name: "web", location: repo.dir } },
  });
  expect(created.status, created.text).toBe(201);
  const queued = await rest("POST", `${me.account}/apps/web`, { auth: me.auth, body: { action: "deploy" } });
  expect(queued.status, queued.text).toBe(202);
  const location = queued.headers.get("Location") ?? "";
  await runAction(getDb(), harness.runtime, location.split("/").pop() ?? "");
  const logbook = await rest("GET", location.replace(`${ORIGIN}/0.9/`, ""), { auth: me.auth });
  expect(logbook.body.status, logbook.text).toBe("finished");
  return `web-${me.account}.localhost`;
}

async function metrics(me: Me, query = "", path = "app") {
  const answer = await rest("GET", `${me.account}/${path}/web/metrics${query}`, { auth: me.auth });
  return { ...answer, metrics: answer.body as unknown as Metrics };
}

const total = (m: Metrics) => m.points.reduce((sum, p) => sum + p.requests, 0);

/**
 * nginx writes its access log in buffered blocks and the platform follows the file: the
 * requests arrive a moment later. Flushes (as the timer would) until `count` are stored.
 */
async function untilCounted(me: Me, count: number): Promise<Metrics> {
  let last: Metrics = { points: [], instances: [] };
  // At most 100 reads a minute: the account's metrics reads are limited (METRICS_READS_PER_MINUTE).
  for (let attempt = 0; attempt < 100; attempt++) {
    await harness.runtime.metrics.flush();
    last = (await metrics(me)).metrics;
    if (total(last) >= count) return last;
    await new Promise((resolve) => setTimeout(resolve, 600));
  }
  return last;
}

describe("[REST] metrics", () => {
  it("counts the requests the router answered, by status class, with latency percentiles and instance usage", async () => {
    const me = await signUpRest();
    const other = await signUpRest();
    const host = await deployedApp(me);
    harness.runtime.metrics.sample();

    const paths = [...Array<string>(7).fill("/"), "/missing", "/missing", "/boom", "/boom", "/moved"];
    for (const path of paths) await harness.get(host, path);
    const counted = await untilCounted(me, paths.length);
    harness.runtime.metrics.sample();
    await harness.runtime.metrics.flush();

    expect(total(counted)).toBe(paths.length);
    const { status, metrics: body } = await metrics(me);
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(["instances", "points"]);
    // The last hour, minute by minute, the minute in progress included.
    expect(body.points).toHaveLength(61);
    for (const point of body.points) expect(point.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00Z$/);
    const busy = body.points.filter((p) => p.requests > 0);
    const classes = { "2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0 };
    for (const point of busy)
      for (const key of Object.keys(classes) as (keyof typeof classes)[])
        classes[key] += point.status[key] ?? 0;
    expect(classes).toEqual({ "2xx": 7, "3xx": 1, "4xx": 2, "5xx": 2 });
    for (const point of busy) {
      const { p50, p95, p99 } = point.latency_ms;
      expect(p50).toBeGreaterThanOrEqual(0);
      expect(p95).toBeGreaterThanOrEqual(p50 ?? 0);
      expect(p99).toBeGreaterThanOrEqual(p95 ?? 0);
    }
    const idle = body.points.find((p) => p.requests === 0);
    expect(idle).toMatchObject({
      status: { "2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0 },
      latency_ms: { p50: null, p95: null, p99: null },
    });

    const app1 = body.instances.filter((i) => i.instance === "app.1");
    expect(app1.length).toBeGreaterThan(0);
    expect(app1.some((i) => (i.memory_bytes ?? 0) > 1024 * 1024)).toBe(true);
    expect(app1.some((i) => i.cpu_percent !== null && i.cpu_percent >= 0)).toBe(true);
    expect(app1[0]?.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00Z$/);

    // Wider steps add minutes up; the path beside the app's other extensions answers the same.
    const wide = await metrics(me, "?step=120", "apps");
    expect(wide.status).toBe(200);
    expect(wide.metrics.points).toHaveLength(31);
    expect(total(wide.metrics)).toBe(paths.length);
    const since = new Date(Date.now() - 5 * 60_000).toISOString();
    const recent = await metrics(me, `?since=${encodeURIComponent(since)}&step=60`);
    expect(recent.metrics.points.length).toBeGreaterThanOrEqual(6);
    expect(recent.metrics.points.length).toBeLessThanOrEqual(7);
    expect(total(recent.metrics)).toBe(paths.length);

    // Another account: its own app of the same name has none of these requests, and it cannot
    // read the first account's app by any path.
    await rest("POST", `${other.account}/apps`, { auth: other.auth, body: { name: "web" } });
    const theirs = await metrics(other);
    expect(theirs.status).toBe(200);
    expect(total(theirs.metrics)).toBe(0);
    expect(theirs.metrics.instances).toEqual([]);
    const across = await rest("GET", `${me.account}/app/web/metrics`, { auth: other.auth });
    expect(across.status).toBe(403);
    expect(JSON.stringify(across.body)).not.toContain("points");
    const missing = await rest("GET", `${other.account}/app/nope/metrics`, { auth: other.auth });
    expect(missing.body).toEqual({ code: 404, error: "App not found." });
  });

  it("refuses malformed parameters and missing credentials", async () => {
    const me = await signUpRest();
    await rest("POST", `${me.account}/apps`, { auth: me.auth, body: { name: "web" } });
    expect((await metrics(me, "?step=90")).body).toEqual({
      code: 400,
      error: "step must be a multiple of 60 seconds.",
    });
    expect((await metrics(me, "?step=abc")).body).toMatchObject({ code: 400 });
    for (const since of ["yesterday", "2026-01-01T10:00:00", "2026-13-01T10:00:00Z"])
      expect((await metrics(me, `?since=${since}`)).body).toEqual({
        code: 400,
        error: "since must be an RFC 3339 time, like 2012-02-08T11:15:06Z.",
      });
    expect((await metrics(me, "?since=2026-01-01T10:00:00%2B02:00&step=3600")).status).toBe(200);
    const tooMany = await metrics(me, "?since=2000-01-01T00:00:00Z&step=60");
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error).toMatch(/at most 2000 are answered/);
    const week = await metrics(me, "?since=2000-01-01T00:00:00Z&step=3600");
    // Nothing older than the retention (7 days) is kept, so nothing older is answered.
    expect(week.status).toBe(200);
    expect(week.metrics.points.length).toBeLessThanOrEqual(7 * 24 + 1);
    const anonymous = await rest("GET", `${me.account}/app/web/metrics`);
    expect(anonymous.status).toBe(401);
  });

  it("removes minutes older than the retention and keeps the rest", async () => {
    const me = await signUpRest();
    await rest("POST", `${me.account}/apps`, { auth: me.auth, body: { name: "web" } });
    const app = await getDb().app.findFirstOrThrow({ where: { name: "web", account: { name: me.account } } });
    const now = Date.now();
    const minute = (daysAgo: number) => new Date(Math.floor((now - daysAgo * 86_400_000) / 60_000) * 60_000);
    for (const daysAgo of [8, 1])
      await getDb().appMetricMinute.create({
        data: {
          appId: app.id,
          minute: minute(daysAgo),
          source: "test",
          requests: 1,
          status2xx: 1,
          status3xx: 0,
          status4xx: 0,
          status5xx: 0,
          latency: { "0": 1 },
          latencySumMs: 0,
          latencyMinMs: 0,
          latencyMaxMs: 0,
        },
      });
    await pruneMetrics(getDb(), new Date(now - 7 * 86_400_000));
    const left = await getDb().appMetricMinute.findMany({ where: { appId: app.id } });
    expect(left.map((row) => row.minute)).toEqual([minute(1)]);
  });

  it("[two accounts]: limits an account's metrics reads per minute with 429 and Retry-After, not another account's", async () => {
    const [me, other] = await Promise.all([signUpRest(), signUpRest()]);
    for (const who of [me, other])
      await rest("POST", `${who.account}/apps`, { auth: who.auth, body: { name: "web" } });
    // Through both transports: they spend one budget.
    const account = await getDb().account.findFirstOrThrow({ where: { name: me.account } });
    const user = await getDb().user.findFirstOrThrow({ where: { accountId: account.id } });
    const dashboard = trpcAs({
      userId: user.id,
      username: user.username ?? "",
      accountId: account.id,
      accountName: account.name,
    });
    for (let i = 0; i < METRICS_READS_PER_MINUTE / 2; i++)
      await dashboard.metrics.get({ app: "web", period: "1h" });
    for (let i = METRICS_READS_PER_MINUTE / 2; i < METRICS_READS_PER_MINUTE; i++)
      expect((await metrics(me)).status).toBe(200);
    const refused = await metrics(me);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatch(/read metrics 120 times in the last minute: try again in \d+ s\./);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    await expect(dashboard.metrics.get({ app: "web", period: "1h" })).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
    });
    // A read of an app that does not exist spends the budget too: no free look-ups.
    expect((await rest("GET", `${me.account}/app/nope/metrics`, { auth: me.auth })).status).toBe(429);
    expect((await metrics(other)).status).toBe(200);
  });
});
