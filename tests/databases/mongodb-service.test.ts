import { readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { getDb } from "@/server/db/client";
import { NO_MONGODB_SERVER } from "@/server/services/app-services/create-service";
import { decryptSecret } from "@/server/services/secrets/cipher";
import { logbookText, startDeployHarness } from "../support/deploy-harness";
import { makeGitRepository } from "../support/git-repository";
import { installMongoStandIn, STAND_IN_MONGODB_URL } from "../support/mongodb-stand-in";
import { createTestAccount, trpcAs, uniqueName } from "../support/test-accounts";
import { rest } from "../rest/rest-client";

/** Answers with what its environment says about its MongoDB database. */
const MONGO_ENV_APP = {
  "app.py": `import os
def application(environ, start_response):
    names = ["MONGODB_NAME", "MONGODB_USER", "MONGODB_USERNAME", "MONGODB_HOST", "MONGODB_PORT"]
    body = ",".join(os.environ.get(n, "-") for n in names)
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [body.encode()]
`,
  "thirty.ini": "[wsgi]\nentrypoint = app:application\n\n[worker:processes]\nloop = sleep 3600\n",
};

let harness: Awaited<ReturnType<typeof startDeployHarness>>;
beforeAll(async () => {
  harness = await startDeployHarness();
});
afterAll(async () => {
  await harness.stop();
});

/** This platform as the suite runs it: no MongoDB server, whatever the shell running it had. */
function withoutMongoServer(): void {
  const before = process.env.THIRTY_MONGODB_ADMIN_URL;
  delete process.env.THIRTY_MONGODB_ADMIN_URL;
  onTestFinished(() => {
    if (before !== undefined) process.env.THIRTY_MONGODB_ADMIN_URL = before;
  });
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function mongoRow(appName: string) {
  return getDb().databaseService.findFirst({ where: { app: { name: appName }, label: "mongodb" } });
}

describe("[DATABASES] MongoDB services on an operator's server", () => {
  it("refuses a mongodb service, with a clear message, on a platform without a MongoDB server", async () => {
    withoutMongoServer();
    const caller = await createTestAccount("nomongo");
    const app = uniqueName("nomongo");
    await trpcAs(caller).apps.create({ name: app });
    await expect(
      trpcAs(caller).services.create({ app, service: { label: "mongodb" } }),
    ).rejects.toMatchObject({ code: "CONFLICT", message: NO_MONGODB_SERVER });
    expect(NO_MONGODB_SERVER).toContain("THIRTY_MONGODB_ADMIN_URL");

    const auth = { username: caller.username, password: caller.password };
    const refused = await rest("POST", `${caller.accountName}/apps/${app}/services`, {
      auth,
      body: { label: "mongodb" },
    });
    expect(refused.status).toBe(409);
    expect(refused.body).toEqual({ code: 409, error: NO_MONGODB_SERVER });
    expect(await mongoRow(app)).toBeNull();
    expect((await rest("GET", `${caller.accountName}/apps/${app}/services/mongodb`, { auth })).status).toBe(
      404,
    );
  });

  it("with a MongoDB server that does not answer (the official driver, a closed loopback port), the service waits for a deploy", async () => {
    const before = process.env.THIRTY_MONGODB_ADMIN_URL;
    process.env.THIRTY_MONGODB_ADMIN_URL = `mongodb://platform:secret@127.0.0.1:${await closedPort()}/admin`;
    onTestFinished(() => {
      if (before === undefined) delete process.env.THIRTY_MONGODB_ADMIN_URL;
      else process.env.THIRTY_MONGODB_ADMIN_URL = before;
    });
    const caller = await createTestAccount("mongod");
    const app = uniqueName("down");
    await trpcAs(caller).apps.create({ name: app });
    const created = await trpcAs(caller).services.create({ app, service: { label: "mongodb" } });
    expect(created).toMatchObject({ database: { host: "not deployed", password: "****" } });
    // Never provisioned, so deleting it asks nothing of the server.
    await trpcAs(caller).services.delete({ app, label: "mongodb" });
    expect(await mongoRow(app)).toBeNull();
  }, 60_000);

  it("provisions a user with readWrite on its own database, gives every instance MONGODB_*, masks the password and drops both on delete (stand-in for a MongoDB server)", async () => {
    const mongo = installMongoStandIn();
    onTestFinished(() => mongo.restore());
    const one = await createTestAccount("mongoa");
    const two = await createTestAccount("mongob");
    const appOne = uniqueName("shop");
    const appTwo = uniqueName("blog");
    await trpcAs(one).apps.create({
      name: appOne,
      repository: { location: makeGitRepository(MONGO_ENV_APP).dir },
    });
    await trpcAs(two).apps.create({ name: appTwo });
    const created = await trpcAs(one).services.create({ app: appOne, service: { label: "mongodb" } });
    const auth = { username: two.username, password: two.password };
    const viaRest = await rest("POST", `${two.accountName}/apps/${appTwo}/services`, {
      auth,
      body: { label: "mongodb" },
    });
    expect(viaRest.status).toBe(201);

    const rowOne = (await mongoRow(appOne))!;
    const rowTwo = (await mongoRow(appTwo))!;
    const passwordOne = decryptSecret(rowOne.passwordEncrypted);
    // Provisioned at once: each user lives in its own database with readWrite there only.
    expect(mongo.users.get(rowOne.username)).toEqual({
      database: rowOne.name,
      password: passwordOne,
      roles: [{ role: "readWrite", db: rowOne.name }],
    });
    expect(mongo.users.get(rowTwo.username)?.roles).toEqual([{ role: "readWrite", db: rowTwo.name }]);
    expect(rowOne.name).not.toBe(rowTwo.name);
    expect(rowOne.username).not.toContain(appOne);
    expect(passwordOne.length).toBeGreaterThanOrEqual(32);
    expect(created).toMatchObject({
      label: "mongodb",
      database: {
        name: rowOne.name,
        username: rowOne.username,
        password: "****",
        host: "mongo.internal",
        port: "27018",
      },
    });
    expect(viaRest.body).toMatchObject({ label: "mongodb", password: "****", host: "mongo.internal" });
    const shown = await rest("GET", `${two.accountName}/apps/${appTwo}/services/mongodb`, { auth });
    expect(shown.text).not.toContain(decryptSecret(rowTwo.passwordEncrypted));
    expect(JSON.stringify(await trpcAs(one).apps.get({ name: appOne }))).not.toContain(passwordOne);
    // The operator's password stays the platform's.
    expect(JSON.stringify([created, viaRest.body, shown.body])).not.toContain("operator-secret");
    // Another account cannot see or delete it.
    await expect(trpcAs(two).services.get({ app: appOne, label: "mongodb" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });

    // Instances get MONGODB_* in their environment and files; logbooks mask the password.
    await trpcAs(one).services.create({ app: appOne, service: { label: "worker", instances: 1 } });
    const deploy = await harness.act(one, appOne, { action: "deploy" });
    expect(deploy.status, logbookText(deploy)).toBe("finished");
    const host = `${appOne}-${one.accountName}.localhost`;
    expect((await harness.get(host)).body).toBe(
      `${rowOne.name},${rowOne.username},${rowOne.username},mongo.internal,27018`,
    );
    const [instance] = harness.runtime.live(rowOne.appId, "app");
    const files = JSON.parse(
      readFileSync(path.join(instance?.home ?? "", "conf", "environment.json"), "utf8"),
    ) as Record<string, string>;
    expect(files).toMatchObject({
      MONGODB_NAME: rowOne.name,
      MONGODB_USER: rowOne.username,
      MONGODB_USERNAME: rowOne.username,
      MONGODB_PASSWORD: passwordOne,
      MONGODB_HOST: "mongo.internal",
      MONGODB_PORT: "27018",
      MONGODB_URL: `mongodb://${rowOne.username}:${passwordOne}@mongo.internal:27018/${rowOne.name}?authSource=${rowOne.name}`,
    });
    const onWorker = await harness.act(
      one,
      appOne,
      { action: "runcommand", options: { command: 'echo "url=$MONGODB_URL pw=$MONGODB_PASSWORD"' } },
      "worker",
    );
    expect(onWorker.status, logbookText(onWorker)).toBe("finished");
    expect(logbookText(onWorker)).toContain(
      `url=mongodb://${rowOne.username}:****@mongo.internal:27018/${rowOne.name}?authSource=${rowOne.name}`,
    );
    expect(logbookText(onWorker)).not.toContain(passwordOne);

    // Deleting the service drops user and database; so does deleting the app.
    await trpcAs(one).services.delete({ app: appOne, label: "mongodb" });
    expect(mongo.calls).toContain(`drop ${rowOne.username}@${rowOne.name}`);
    expect(mongo.users.has(rowOne.username)).toBe(false);
    expect(await mongoRow(appOne)).toBeNull();
    expect((await rest("DELETE", `${two.accountName}/apps/${appTwo}`, { auth })).status).toBe(204);
    expect(mongo.users.size).toBe(0);
    expect(mongo.databases.size).toBe(0);
    expect(process.env.THIRTY_MONGODB_ADMIN_URL).toBe(STAND_IN_MONGODB_URL);
  });

  it("provisions at the next deploy when the server failed at creation, and keeps a service it cannot drop (stand-in for a MongoDB server)", async () => {
    const mongo = installMongoStandIn();
    onTestFinished(() => mongo.restore());
    const caller = await createTestAccount("mongoc");
    const app = uniqueName("later");
    await trpcAs(caller).apps.create({
      name: app,
      repository: { location: makeGitRepository(MONGO_ENV_APP).dir },
    });
    mongo.state.fail = true;
    const created = await trpcAs(caller).services.create({ app, service: { label: "mongodb" } });
    expect(created).toMatchObject({ database: { host: "not deployed", port: "not deployed" } });
    mongo.state.fail = false;

    const deploy = await harness.act(caller, app, { action: "deploy" });
    expect(deploy.status, logbookText(deploy)).toBe("finished");
    expect(logbookText(deploy)).toContain("Creating the app's MongoDB database.");
    const row = (await mongoRow(app))!;
    expect(row).toMatchObject({ host: "mongo.internal", port: 27018 });
    expect(mongo.users.get(row.username)?.database).toBe(row.name);
    expect((await harness.get(`${app}-${caller.accountName}.localhost`)).body).toContain(row.name);

    // Without its server the database cannot be dropped: nothing is deleted, and it says why.
    delete process.env.THIRTY_MONGODB_ADMIN_URL;
    await expect(trpcAs(caller).services.delete({ app, label: "mongodb" })).rejects.toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      message: expect.stringContaining("THIRTY_MONGODB_ADMIN_URL"),
    });
    expect(await mongoRow(app)).not.toBeNull();
    expect(mongo.users.has(row.username)).toBe(true);
  });
});
