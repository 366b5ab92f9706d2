import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { startDeployHarness, logbookText } from "../support/deploy-harness";
import { makeGitRepository } from "../support/git-repository";
import { createTestAccount, trpcAs, uniqueName } from "../support/test-accounts";

const APP_PY = (release: string) => `import json, os

def application(environ, start_response):
    names = ["GREETING", "FROM_INI", "STATIC_ROOT", "PORT", "API_TOKEN", "DATABASE_URL", "THIRTY_SECRET", "HOME", "APP_USER", "VIRTUAL_ENV", "MEDIA_ROOT"]
    body = json.dumps({
        "release": "${release}",
        "env": {name: os.environ.get(name) for name in names},
        "host": environ.get("HTTP_HOST"),
    }).encode()
    start_response("200 OK", [("Content-Type", "application/json")])
    return [body]
`;

const THIRTY_INI = `[wsgi]
entrypoint = app:application

[variables]
GREETING = from-ini
FROM_INI = ini-$PROJECT_ROOT
STATIC_ROOT = /srv/custom-static
`;

let harness: Awaited<ReturnType<typeof startDeployHarness>>;
beforeAll(async () => {
  harness = await startDeployHarness();
});
afterAll(async () => {
  await harness.stop();
});

async function wsgiApp(files: Record<string, string> = {}) {
  const repo = makeGitRepository({ "app.py": APP_PY("v1"), "thirty.ini": THIRTY_INI, ...files });
  const caller = await createTestAccount("wsgi");
  const name = uniqueName("web");
  await trpcAs(caller).apps.create({
    name,
    repository: { location: repo.dir },
    envvars: [
      { name: "GREETING", value: "from-app" },
      { name: "API_TOKEN", value: "tok-secret-42", secret: true },
    ],
  });
  return { repo, caller, name, host: `${name}-${caller.accountName}.localhost` };
}

describe("[DEPLOY] a WSGI app from git, through the router", () => {
  it("deploys, serves through the router with the app's host, and layers the environment", async () => {
    const { repo, caller, name, host } = await wsgiApp();
    const logbook = await harness.act(caller, name, { action: "deploy" });
    expect(logbook.status, logbookText(logbook)).toBe("finished");
    expect(logbook.commitSha).toBe(repo.first);
    const text = logbookText(logbook);
    for (const stage of ["==> Fetch", "==> Configure", "==> Build", "==> Start", "==> Check", "==> Switch"])
      expect(text).toContain(stage);
    expect(text).not.toContain("tok-secret-42");

    const answer = await harness.get(host);
    expect(answer.status).toBe(200);
    const body = JSON.parse(answer.body) as {
      release: string;
      env: Record<string, string | null>;
      host: string;
    };
    expect(body.release).toBe("v1");
    expect(body.host).toBe(host);
    // platform < thirty.ini [variables] < app envvars; nothing of the platform's own environment.
    expect(body.env.GREETING).toBe("from-app");
    expect(body.env.STATIC_ROOT).toBe("/srv/custom-static");
    // The original platform's layout inside the sandbox (spec/platform.md).
    expect(body.env.FROM_INI).toBe("ini-/app/current");
    expect(body.env.HOME).toBe("/app");
    expect(body.env.VIRTUAL_ENV).toBe("/app/env");
    expect(body.env.MEDIA_ROOT).toBe("/app/media");
    expect(body.env.APP_USER).toMatch(/^t30-[a-z0-9]{12}$/);
    expect(body.env.PORT).toBeNull();
    expect(body.env.API_TOKEN).toBe("tok-secret-42");
    expect(body.env.DATABASE_URL).toBeNull();
    expect(body.env.THIRTY_SECRET).toBeNull();

    const instance = harness.runtime.live(
      (await getDb().app.findFirstOrThrow({ where: { name } })).id,
      "app",
    )[0];
    const json = JSON.parse(
      await readFile(path.join(instance?.home ?? "", "conf", "environment.json"), "utf8"),
    ) as Record<string, string>;
    expect(json.GREETING).toBe("from-app");
    expect(json.APP_USER).toBe(body.env.APP_USER);
    expect(instance?.socket).toMatch(/\/sockets\/app1-r1-[0-9a-f]{6}\.sock$/);
    const conf = await readFile(path.join(instance?.home ?? "", "conf", "environment.conf"), "utf8");
    expect(conf).toContain("export GREETING='from-app'");
  });

  it("redeploys with zero failed requests while a client keeps asking, and reuses the virtualenv", async () => {
    const { repo, caller, name, host } = await wsgiApp({ "requirements.txt": "" });
    expect((await harness.act(caller, name, { action: "deploy" })).status).toBe("finished");
    repo.commit({ "app.py": APP_PY("v2") }, "second");

    let failures = 0;
    let requests = 0;
    const seen = new Set<string>();
    let running = true;
    const client = (async () => {
      while (running && requests < 5000) {
        requests++;
        const answer = await harness.get(host).catch(() => ({ status: 0, body: "{}" }));
        if (answer.status !== 200) failures++;
        else seen.add((JSON.parse(answer.body) as { release: string }).release);
      }
    })();
    const logbook = await harness.act(caller, name, { action: "deploy" });
    await new Promise((r) => setTimeout(r, 300));
    running = false;
    await client;
    expect(logbook.status, logbookText(logbook)).toBe("finished");
    expect(logbookText(logbook)).toContain("reusing the previous virtualenv");
    expect(failures).toBe(0);
    expect(requests).toBeGreaterThan(20);
    expect([...seen].sort()).toEqual(["v1", "v2"]);
    expect(JSON.parse((await harness.get(host)).body)).toMatchObject({ release: "v2" });

    const clean = await harness.act(caller, name, { action: "deploy", options: { clean: true } });
    expect(clean.status, logbookText(clean)).toBe("finished");
    expect(logbookText(clean)).toContain("clean deploy");
  });
});
