import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { getDb } from "@/server/db/client";
import type { JsonlogTail } from "@/server/logs/postgres-log/jsonlog-tail";
import { handleRestRequest } from "@/server/rest/router";
import type { Caller } from "@/server/services/caller";
import { startPostgresAppLogs } from "@/server/services/databases/postgres-app-logs";
import { withAdmin } from "@/server/services/databases/postgres-admin";
import { readLogs } from "@/server/services/logs/read-logs";
import { decryptSecret } from "@/server/services/secrets/cipher";
import { logbookText, startDeployHarness } from "../support/deploy-harness";
import { makeGitRepository } from "../support/git-repository";
import { createTestAccount, trpcAs, uniqueName } from "../support/test-accounts";

/** Runs the query the request names, by the DATABASE_* its environment gives it. */
const QUERY_APP = {
  "app.py": `import os, psycopg2
def application(environ, start_response):
    marker = environ.get("QUERY_STRING") or ""
    try:
        conn = psycopg2.connect(host=os.environ["DATABASE_HOST"], port=os.environ["DATABASE_PORT"],
                                dbname=os.environ["DATABASE_NAME"], user=os.environ["DATABASE_USER"],
                                password=os.environ["DATABASE_PASSWORD"])
        with conn, conn.cursor() as cur:
            cur.execute("SELECT * FROM nowhere WHERE note = %s", (marker,))
        status, body = "200 OK", b"found"
    except psycopg2.Error as error:
        status, body = "500 Internal Server Error", str(error).encode()
    start_response(status, [("Content-Type", "text/plain")])
    return [body]
`,
  "thirty.ini": "[wsgi]\nentrypoint = app:application\n",
};

let harness: Awaited<ReturnType<typeof startDeployHarness>>;
let tail: JsonlogTail;
/**
 * Apps of this file. The test cluster is shared with the files running beside this one; the
 * lines this process hands to their apps are dropped so their logs stay as their tests expect.
 */
const mine = new Set<string>();

beforeAll(async () => {
  harness = await startDeployHarness();
  tail = await startPostgresAppLogs({
    directory: inject("pgLogDir"),
    db: getDb(),
    pollMs: 50,
    sink: { push: (line) => (mine.has(line.appId) ? harness.runtime.logs.push(line) : undefined) },
  });
});
afterAll(async () => {
  await tail.close();
  await harness.stop();
});

async function deployedApp(prefix: string) {
  const caller = await createTestAccount(prefix);
  const name = uniqueName(prefix);
  await trpcAs(caller).apps.create({
    name,
    repository: { location: makeGitRepository(QUERY_APP).dir },
    database: true,
  });
  const deploy = await harness.act(caller, name, { action: "deploy" });
  expect(deploy.status, logbookText(deploy)).toBe("finished");
  const row = await getDb().databaseService.findFirstOrThrow({ where: { app: { name }, label: "postgres" } });
  mine.add(row.appId);
  const password = decryptSecret(row.passwordEncrypted);
  return { caller, name, host: `${name}-${caller.accountName}.localhost`, row, password };
}

async function connect(options: { user: string; password: string; database: string; port: number }) {
  const client = new pg.Client({ host: "127.0.0.1", connectionTimeoutMillis: 5000, ...options });
  try {
    await client.connect();
    return "connected";
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function postgresLines(caller: Caller, app: string): Promise<string[]> {
  await harness.runtime.logs.flush();
  const lines = await readLogs(caller, app, { processes: ["postgres"], limit: 500 });
  return lines.map((line) => `${line.severity} ${line.message}`);
}

/** Bounded wait until the app's postgres lines contain every one of `texts`. */
async function linesWith(caller: Caller, app: string, texts: string[]): Promise<string[]> {
  let lines: string[] = [];
  for (let i = 0; i < 200; i++) {
    lines = await postgresLines(caller, app);
    if (texts.every((text) => lines.some((line) => line.includes(text)))) return lines;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return lines;
}

/** The cluster's log files, once (bounded wait) they contain `pattern`. */
async function logFilesOnceThey(pattern: RegExp): Promise<string> {
  const dir = inject("pgLogDir");
  let text = "";
  for (let i = 0; i < 100 && !pattern.test(text); i++) {
    if (i) await new Promise((resolve) => setTimeout(resolve, 100));
    text = readdirSync(dir)
      .map((name) => readFileSync(path.join(dir, name), "utf8"))
      .join("\n");
  }
  expect(text).toMatch(pattern);
  return text;
}

describe("[DATABASES] PostgreSQL's lines about an app's database are in the app's logs", () => {
  it("shows an app its own failed queries and logins as program postgres, and nothing of another app's or the platform's", async () => {
    const a = await deployedApp("pglog");
    const b = await deployedApp("pglog");
    const markerA = uniqueName("marka");
    const markerB = uniqueName("markb");

    const failed = await harness.get(a.host, `/?${markerA}`);
    expect(failed.status).toBe(500);
    expect(failed.body).toContain('relation "nowhere" does not exist');
    expect((await harness.get(b.host, `/?${markerB}`)).status).toBe(500);

    // A's own role with a wrong password: A sees its failed login.
    const port = a.row.port ?? 0;
    expect(await connect({ user: a.row.username, password: "wrong", database: a.row.name, port })).toMatch(
      /password authentication failed/,
    );
    // B's role knocking at A's database: about A's database, but not A's session, so no one's.
    expect(await connect({ user: b.row.username, password: b.password, database: a.row.name, port })).toMatch(
      /permission denied for database/,
    );
    // Anyone may name A's database with a made-up user: that text never reaches A.
    expect(await connect({ user: `spam${markerB}`, password: "x", database: a.row.name, port })).toMatch(
      /password authentication failed/,
    );
    // The platform's admin session failing on a statement that carries a password.
    const adminSecret = uniqueName("adminsecret");
    await expect(
      withAdmin((client) => client.query(`ALTER ROLE no_such_role PASSWORD '${adminSecret}'`)),
    ).rejects.toThrow(/does not exist/);

    const linesA = await linesWith(a.caller, a.name, [markerA, `user "${a.row.username}"`]);
    expect(linesA).toContain('Error ERROR:  relation "nowhere" does not exist');
    expect(linesA).toContain(`Error STATEMENT:  SELECT * FROM nowhere WHERE note = '${markerA}'`);
    expect(linesA).toContain(`Error FATAL:  password authentication failed for user "${a.row.username}"`);
    const linesB = await linesWith(b.caller, b.name, [markerB]);
    expect(linesB).toContain(`Error STATEMENT:  SELECT * FROM nowhere WHERE note = '${markerB}'`);

    const everything = [...linesA, ...linesB].join("\n");
    expect(linesA.join("\n")).not.toContain(markerB);
    expect(linesB.join("\n")).not.toContain(markerA);
    expect(everything).not.toContain("permission denied for database");
    expect(everything).not.toContain("spam");
    expect(linesB.join("\n")).not.toContain(b.row.username);
    for (const secret of [a.password, b.password, adminSecret]) expect(everything).not.toContain(secret);
    // Nor in PostgreSQL's own files: the admin sessions' statements are never logged.
    const files = await logFilesOnceThey(/role \\"no_such_role\\" does not exist/);
    for (const secret of [a.password, b.password, adminSecret]) expect(files).not.toContain(secret);

    // The REST API reads them like any program's (process=postgres), for the app's own account only.
    const rest = async (who: Caller & { password: string }, account: string, app: string) =>
      handleRestRequest(
        new Request(`http://127.0.0.1:3000/0.9/${account}/app/${app}/logs?process=postgres&limit=50`, {
          headers: {
            Authorization: `Basic ${Buffer.from(`${who.username}:${who.password}`).toString("base64")}`,
          },
        }),
      );
    const response = await rest(a.caller, a.caller.accountName, a.name);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      messages: { message: string; program: string; severity: string }[];
    };
    expect(body.messages).toContainEqual(
      expect.objectContaining({
        program: "postgres",
        severity: "Error",
        message: expect.stringContaining(markerA),
      }),
    );
    const stranger = await rest(b.caller, b.caller.accountName, a.name);
    expect(stranger.status).toBe(404);
  });
});
