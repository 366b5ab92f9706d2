import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmbeddedDatabase } from "@/server/db/embedded-postgres";
import { findFreePort } from "@/server/platform/free-port";
import { migrateDatabase } from "@/server/platform/migrate";
import { waitUntil, within } from "../support/bounded-wait";
import { httpGet } from "../support/deploy-harness";
import { makeGitRepository } from "../support/git-repository";
import { launcher, type Launched, signUpThroughRest } from "./launched-platform";

// The whole platform (web, worker and runtime in one launcher process) on a PostgreSQL of its
// own, which this file stops and starts again on the same port and data dir while a real
// Chromium follows an app's logs page: the server other test files share is never touched.
const ROOT = path.resolve(import.meta.dirname, "../..");
const scratch = mkdtempSync(path.join(os.tmpdir(), "thirty-pg-restart-browser-"));
const platform = launcher(`queue_pg_restart_${process.pid}`);
let database: EmbeddedDatabase | undefined;
let databasePort = 0;
let launched: Launched | undefined;
let browser: Browser | undefined;
let web = "";
let routerPort = 0;

async function startDatabase(): Promise<EmbeddedDatabase> {
  // Imported when needed: the module hooks process signals on import.
  const { startEmbeddedPostgres } = await import("@/server/db/embedded-postgres");
  return startEmbeddedPostgres({ directory: path.join(scratch, "postgres"), port: databasePort });
}

beforeAll(async () => {
  databasePort = await findFreePort();
  database = await startDatabase();
  await migrateDatabase(ROOT, database.url);
  const port = await findFreePort();
  routerPort = await findFreePort();
  web = `http://localhost:${port}`;
  launched = await platform.launch(
    "web,worker,runtime",
    {
      DATABASE_URL: database.url,
      PORT: String(port),
      ROUTER_PORT: String(routerPort),
      THIRTY_PUBLIC_URL: web,
    },
    /serving the dashboard/,
  );
  browser = await chromium.launch({
    // Debian's chromium, as playwright.config.ts uses it.
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-sync"],
  });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await platform.stopAll();
  await database?.stop();
  rmSync(scratch, { recursive: true, force: true });
}, 120_000);

/**
 * Prints numbered lines steadily (about 50 a second) until the test drops `stop` into its
 * media dir; the newest number is also kept in `count`, so the test knows how far it got
 * without the database.
 */
const COUNTER = `import os, time

i = 0
while not os.path.exists("/app/media/stop"):
    print(f"tick {i}", flush=True)
    with open("/app/media/count.new", "w") as f:
        f.write(str(i))
    os.replace("/app/media/count.new", "/app/media/count")
    i += 1
    time.sleep(0.02)
print("tick end", flush=True)
time.sleep(3600)
`;

describe("[FAULTS] PostgreSQL restarts while a browser follows an app's logs", () => {
  it("the logs page shows every printed line once, in order, across the restart", async () => {
    const { account, username, password, auth } = await signUpThroughRest(web, "pgr");
    const repo = makeGitRepository({
      "app.py": 'def application(e, s):\n    s("200 OK", [])\n    return [b"counting"]\n',
      "counter.py": COUNTER,
      "thirty.ini":
        "[wsgi]\nentrypoint = app:application\n\n[app:processes]\ncounter = python3 -u counter.py\n",
    });
    const created = await fetch(`${web}/0.9/${account}/apps`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ name: "counter", repository: { variant: "git", location: repo.dir } }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const deploy = await fetch(`${web}/0.9/${account}/apps/counter`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ action: "deploy" }),
    });
    expect(deploy.status).toBe(202);
    const logbookUrl = new URL(deploy.headers.get("Location") ?? "", web).toString();
    let logbook: { status?: string; messages?: { message: string }[] } = {};
    await waitUntil(() => ["finished", "error"].includes(logbook.status ?? ""), "the deploy to end", {
      timeoutMs: 180_000,
      poll: async () => {
        logbook = (await (await fetch(logbookUrl, { headers: auth })).json()) as typeof logbook;
      },
    });
    expect(logbook.status, JSON.stringify(logbook.messages?.map((m) => m.message))).toBe("finished");

    const mediaDir = await appMediaDir(database?.url ?? "", account);
    const count = () => {
      try {
        return Number(readFileSync(path.join(mediaDir, "count"), "utf8")) || 0;
      } catch {
        return 0;
      }
    };

    // A person signs in and opens the app's logs, showing the counter's lines.
    const context = await (browser as Browser).newContext({ baseURL: web, acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto("/login");
    await page.getByLabel("Username").fill(username);
    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(/\/apps$/);
    await page.goto("/apps/counter/logs");
    // The program list is refreshed every 10 s: "counter" shows once its first lines are stored.
    await page.getByRole("checkbox", { name: "counter" }).check({ timeout: 60_000 });
    const panel = page.getByRole("log", { name: "Process logs" });
    await panel
      .getByText(/tick \d+/)
      .first()
      .waitFor();
    // The newest number the panel shows (it follows the end of the log, where new lines arrive).
    // innerText, not textContent: the panel's rows are separate lines only in the former.
    const newestShown = async () =>
      Math.max(-1, ...[...(await panel.innerText()).matchAll(/tick (\d+)$/gm)].map((m) => Number(m[1])));

    // Under load: requests keep reaching the app (their nginx lines are logged too), and none
    // may fail while the platform's database is away.
    let requesting = true;
    const failures: string[] = [];
    let answered = 0;
    const requests = (async () => {
      while (requesting) {
        const response = await httpGet(routerPort, `counter-${account}.localhost`, "/load").catch(
          (error: unknown) => ({ status: 0, body: String(error) }),
        );
        if (response.status === 200) answered++;
        else failures.push(`${response.status} ${response.body.slice(0, 100)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();

    let beforeStop = 0;
    let afterStart = 0;
    try {
      await waitUntil(() => count() > 100, "the counter to print its first lines");
      beforeStop = count();
      await within(database?.stop() ?? Promise.resolve(), "stopping PostgreSQL", 90_000);
      // Lines printed while PostgreSQL is down reach the page only after it is back.
      await waitUntil(() => count() > beforeStop + 200, "lines printed while PostgreSQL is down", {
        detail: () => `the counter is at ${count()}`,
      });
      database = await within(startDatabase(), "starting PostgreSQL again", 120_000);
      afterStart = count();
      let onPage = -1;
      await waitUntil(() => onPage > afterStart + 100, "the page to show lines printed after the restart", {
        timeoutMs: 120_000,
        poll: async () => {
          onPage = await newestShown();
        },
        detail: () => `the page shows up to tick ${onPage}, the counter is at ${count()}`,
      });
    } finally {
      requesting = false;
      await requests;
    }
    writeFileSync(path.join(mediaDir, "stop"), "");
    await panel.getByText("tick end").waitFor({ timeout: 60_000 });

    // What the browser got, as a person would keep it: the panel's Download.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download" }).click(),
    ]);
    const text = readFileSync(await download.path(), "utf8");
    const ticks = [...text.matchAll(/tick (\d+|end)$/gm)].map((match) => match[1]);
    console.log(
      `The browser got ticks ${ticks[0]}…${ticks.at(-2)} (${ticks.length - 1} lines); PostgreSQL stopped at tick ` +
        `${beforeStop}, started again at ${afterStart}; ${answered} requests answered meanwhile.`,
    );
    expect(ticks.at(-1)).toBe("end");
    const numbers = ticks.slice(0, -1).map(Number);
    const first = numbers[0] ?? 0;
    // The page starts with the newest stored lines, so the first number is wherever that was;
    // it followed from before PostgreSQL stopped to after it started again.
    expect(first).toBeLessThan(beforeStop);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => first + i));
    expect(numbers.at(-1)).toBe(count());
    expect(answered).toBeGreaterThan(0);
    expect(failures).toEqual([]);
    await context.close();
  }, 600_000);
});

/** Where the runtime keeps the app's media (the instance sees it as /app/media). */
async function appMediaDir(databaseUrl: string, account: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const found = await client.query<{ id: string }>(
      `SELECT app.id FROM "App" app JOIN "Account" account ON account.id = app."accountId"
       WHERE account.name = $1 AND app.name = 'counter'`,
      [account],
    );
    const id = found.rows[0]?.id;
    if (!id) throw new Error(`no app "counter" in account ${account}`);
    const dir = path.join(launched?.dataDir ?? "", "apps", id, "media");
    if (!existsSync(dir)) throw new Error(`the app's media dir ${dir} does not exist`);
    return dir;
  } finally {
    await client.end();
  }
}
