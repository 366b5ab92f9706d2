import { readdirSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { httpGetSocket, startDeployHarness, logbookText } from "../support/deploy-harness";
import { makeGitRepository, makeMercurialRepository, type Files } from "../support/git-repository";
import { createTestAccount, trpcAs, uniqueName } from "../support/test-accounts";

let harness: Awaited<ReturnType<typeof startDeployHarness>>;
beforeAll(async () => {
  harness = await startDeployHarness();
});
afterAll(async () => {
  await harness.stop();
});

async function until<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("Timed out waiting");
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function deployed(
  files: Files | null,
  options: {
    variant?: "python" | "static";
    worker?: boolean;
    location?: string;
    repoVariant?: "git" | "mercurial";
  } = {},
) {
  const location = options.location ?? makeGitRepository(files ?? {}).dir;
  const caller = await createTestAccount("var");
  const name = uniqueName("app");
  await trpcAs(caller).apps.create({
    name,
    variant: options.variant ?? "python",
    repository: { location, variant: options.repoVariant ?? "git" },
  });
  if (options.worker)
    await trpcAs(caller).services.create({
      app: name,
      service: { label: "worker", instances: 1, envvars: [{ name: "ROLE", value: "consumer" }] },
    });
  const logbook = await harness.act(caller, name, { action: "deploy" });
  const appId = (await getDb().app.findFirstOrThrow({ where: { name } })).id;
  return { caller, name, appId, logbook, host: `${name}-${caller.accountName}.localhost` };
}

const HELLO_WSGI = `def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"hello"]
`;

describe("[DEPLOY] app variants", () => {
  it("runs a Django app (Debian's django) with [django] settings, asked with its own host name", async () => {
    const { logbook, host, appId, caller, name } = await deployed({
      "thirty.ini": "[django]\nsettings = mysite.settings\n",
      "mysite/__init__.py": "",
      "mysite/settings.py": `import os
SECRET_KEY = "test-only"
DEBUG = False
ALLOWED_HOSTS = [os.environ["DNS_RECORD"]]
ROOT_URLCONF = "mysite.urls"
INSTALLED_APPS = []
MIDDLEWARE = []
`,
      "mysite/urls.py": `from django.http import HttpResponse
from django.urls import path
urlpatterns = [path("", lambda request: HttpResponse("django says hi " + request.get_host()))]
`,
      "manage.py":
        "import sys\nfrom django.core.management import execute_from_command_line\nexecute_from_command_line(sys.argv)\n",
    });
    expect(logbook.status, logbookText(logbook)).toBe("finished");
    expect(await harness.get(host)).toMatchObject({ status: 200, body: `django says hi ${host}` });
    // Straight to the instance with a host Django does not allow: Django's own 400, so the
    // health check passing above proves it asked with the app's host name.
    const socket = harness.runtime.live(appId, "app")[0]?.socket ?? "";
    expect((await httpGetSocket(socket, "127.0.0.1")).status).toBe(400);
    const check = await harness.act(caller, name, { action: "djangocommand", options: { command: "check" } });
    expect(check.status, logbookText(check)).toBe("finished");
    expect(logbookText(check)).toContain("python manage.py check --settings=mysite.settings");
    expect(logbookText(check)).toContain("System check identified no issues");
  });

  it("serves a static app's files with index.html for /", async () => {
    const { logbook, host } = await deployed(
      { "index.html": "<h1>static home</h1>", "css/site.css": "body{}" },
      { variant: "static" },
    );
    expect(logbook.status, logbookText(logbook)).toBe("finished");
    expect(await harness.get(host)).toMatchObject({ status: 200, body: "<h1>static home</h1>" });
    expect(await harness.get(host, "/css/site.css")).toMatchObject({ status: 200, body: "body{}" });
    expect((await harness.get(host, "/missing.html")).status).toBe(404);
  });

  it("runs [app:processes] beside gunicorn and [worker:processes] in a worker instance, with postinstall hooks", async () => {
    const { logbook, host, appId } = await deployed(
      {
        "app.py": HELLO_WSGI,
        "thirty.ini": `[wsgi]
entrypoint = app:application

[app:processes]
ticker = python3 -u -c "import time; print('ticker up', flush=True); time.sleep(3600)"

[worker:processes]
consumer = python3 -u -c "import os, time; print('consumer', os.environ.get('ROLE'), flush=True); time.sleep(3600)"
`,
        postinstall: { content: '#!/bin/sh\necho "postinstall once on $INSTANCE_ID"\n', executable: true },
        postinstall_all: { content: '#!/bin/sh\necho "postinstall_all on $INSTANCE_ID"\n', executable: true },
      },
      { worker: true },
    );
    expect(logbook.status, logbookText(logbook)).toBe("finished");
    expect(await harness.get(host)).toMatchObject({ status: 200, body: "hello" });
    const text = logbookText(logbook);
    expect(text.match(/\] postinstall once on/g)).toHaveLength(1);
    expect(text.match(/\] postinstall_all on/g)).toHaveLength(1);
    expect(harness.runtime.live(appId, "worker")).toHaveLength(1);
    await harness.runtime.logs.flush();
    const lines = await until(async () => {
      await harness.runtime.logs.flush();
      const rows = await getDb().logLine.findMany({ where: { appId } });
      return rows.some((r) => r.program === "consumer") && rows.some((r) => r.program === "ticker")
        ? rows
        : false;
    });
    expect(lines.find((r) => r.program === "consumer")?.message).toBe("consumer consumer");
    expect(lines.find((r) => r.program === "ticker")?.message).toBe("ticker up");
    expect(lines.some((r) => r.program === "gunicorn" && /Listening at/.test(r.message))).toBe(true);
  });

  it("runs a cron job registered with crontab in postinstall, logged as program cron", async () => {
    const { logbook, appId } = await deployed({
      "app.py": HELLO_WSGI,
      "thirty.ini": "[wsgi]\nentrypoint = app:application\n",
      "cron.txt": "# every second (a seconds field is accepted)\n* * * * * * echo cron ran in $APP_NAME\n",
      postinstall: { content: "#!/bin/sh\ncrontab cron.txt\ncrontab -l\n", executable: true },
    });
    expect(logbook.status, logbookText(logbook)).toBe("finished");
    const line = await until(async () => {
      await harness.runtime.logs.flush();
      return getDb().logLine.findFirst({
        where: { appId, program: "cron", message: { startsWith: "cron ran in" } },
      });
    });
    expect(line?.message).toMatch(/^cron ran in app/);
  });

  it("ends a running cron job when its instance stops", async () => {
    // A sleep of a length no other process uses, found on the host by its command line.
    const seconds = String(5000 + Math.floor(Math.random() * 4000));
    const running = () =>
      readdirSync("/proc")
        .filter((entry) => /^\d+$/.test(entry))
        .some((pid) => {
          try {
            return readFileSync(`/proc/${pid}/cmdline`, "utf8") === `sleep\0${seconds}\0`;
          } catch {
            return false;
          }
        });
    const { logbook, caller, name } = await deployed({
      "app.py": HELLO_WSGI,
      "thirty.ini": "[wsgi]\nentrypoint = app:application\n",
      "cron.txt": `* * * * * * exec sleep ${seconds}\n`,
      postinstall: { content: "#!/bin/sh\ncrontab cron.txt\n", executable: true },
    });
    expect(logbook.status, logbookText(logbook)).toBe("finished");
    await until(async () => running());
    const paused = await harness.act(caller, name, { action: "scale", options: { instances: 0 } });
    expect(paused.status, logbookText(paused)).toBe("finished");
    await until(async () => !running());
  });

  it("deploys from a mercurial repository", async () => {
    const repo = makeMercurialRepository(
      { "app.py": HELLO_WSGI, "thirty.ini": "[wsgi]\nentrypoint = app:application\n" },
      "hg first",
    );
    const { logbook, host } = await deployed(null, { location: repo.dir, repoVariant: "mercurial" });
    expect(logbook.status, logbookText(logbook)).toBe("finished");
    expect(logbook.commitMessage).toBe("hg first");
    expect(await harness.get(host)).toMatchObject({ status: 200, body: "hello" });
  });

  it("restarts a killed instance process and routes around it meanwhile", async () => {
    const { logbook, host, appId, caller, name } = await deployed({
      "app.py": HELLO_WSGI,
      "thirty.ini": "[wsgi]\nentrypoint = app:application\n",
    });
    expect(logbook.status).toBe("finished");
    const scaled = await harness.act(caller, name, { action: "scale", options: { instances: 2 } });
    expect(scaled.status, logbookText(scaled)).toBe("finished");
    const [victim] = harness.runtime.live(appId, "app");
    await until(async () => {
      await harness.runtime.logs.flush();
      const rows = await getDb().logLine.findMany({ where: { instanceId: victim?.id, program: "gunicorn" } });
      return rows.some((r) => /Listening at/.test(r.message));
    });
    // The platform's record of the instance's process group (its sandbox, seen from the host):
    // gunicorn reports pids of its own pid namespace, which mean nothing out here.
    const leader = Number(
      (
        await readFile(
          path.join(harness.runtime.paths(appId).pidsDir, victim?.id ?? "", "gunicorn.pid"),
          "utf8",
        )
      ).trim(),
    );
    process.kill(-leader, "SIGKILL");
    let failures = 0;
    for (let i = 0; i < 30; i++) if ((await harness.get(host)).status !== 200) failures++;
    expect(failures).toBe(0);
    await until(async () => {
      await harness.runtime.logs.flush();
      const rows = await getDb().logLine.findMany({
        where: { instanceId: victim?.id, program: "gunicorn", message: { contains: "Listening at" } },
      });
      return rows.length >= 2;
    });
    expect(
      JSON.stringify(await readFile(path.join(victim?.home ?? "", "conf", "environment.json"), "utf8")),
    ).toContain("APP_USER");
  });
});
