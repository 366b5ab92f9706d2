import { expect, test } from "@playwright/test";
import { logIn, newTestAccount } from "./helpers/accounts";
import { removeDataDir, startPlatform, type PlatformProcess } from "./helpers/platform-process";

// Starts its own platform twice on one data dir: slower than the other tests by design.
test.describe.configure({ timeout: 240_000 });

test("[PLATFORM]: a restart on the same data dir keeps accounts, apps and secrets", async ({
  browser,
  request,
}) => {
  let platform: PlatformProcess | undefined = await startPlatform();
  const dataDir = platform.dataDir;
  try {
    const who = newTestAccount("restart");
    const auth = {
      Authorization: `Basic ${Buffer.from(`${who.username}:${who.password}`).toString("base64")}`,
    };
    const signup = await request.post(`${platform.url}/0.9/signup`, {
      data: { account: who.account, username: who.username, email: who.email, password: who.password },
    });
    expect(signup.status()).toBe(201);
    const created = await request.post(`${platform.url}/0.9/${who.account}/apps`, {
      headers: auth,
      data: {
        name: "survivor",
        instances: 2,
        repository: { location: "https://bob:hunter2@git.example.org/survivor.git" },
        envvars: [{ name: "API_TOKEN", value: "kept-secret", secret: true }],
      },
    });
    expect(created.status()).toBe(201);

    const exit = await platform.stop();
    expect(exit.code).toBe(0);
    platform = undefined;

    platform = await startPlatform({ dataDir });
    const app = await request.get(`${platform.url}/0.9/${who.account}/apps/survivor`, { headers: auth });
    expect(app.status()).toBe(200);
    expect(await app.json()).toMatchObject({ name: "survivor", instances: 2 });
    const repository = await request.get(
      `${platform.url}/0.9/${who.account}/apps/survivor/services/repository`,
      {
        headers: auth,
      },
    );
    // The encryption key survived too: the stored location still decrypts (and is masked).
    expect(await repository.json()).toMatchObject({
      location: "https://bob:****@git.example.org/survivor.git",
    });

    // And the dashboard still knows the user.
    const context = await browser.newContext({ baseURL: platform.url });
    const page = await context.newPage();
    await logIn(page, who);
    await page.goto("/apps");
    await expect(page.getByRole("link", { name: "survivor" })).toBeVisible();
    await context.close();
  } finally {
    await platform?.stop();
    removeDataDir(dataDir);
  }
});
