import { expect, test, type Page } from "@playwright/test";
import { signUpViaForm } from "./helpers/accounts";
import { ROUTER_PORT } from "./helpers/ports";
import { createAppViaForm, wsgiRepository } from "./helpers/apps";

const HELLO_APP =
  'def application(environ, start_response):\n    start_response("200 OK", [("Content-Type", "text/html")])\n    return [b"<h1>hello from thirtyloops</h1>"]\n';

function card(page: Page, title: string) {
  return page.getByRole("region", { name: title, exact: true });
}

test("[DEPLOY]: click Deploy, watch the logbook fill, open the app, see its requests in the logs", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const who = await signUpViaForm(page);
  await createAppViaForm(page, "hello", wsgiRepository(HELLO_APP));
  await expect(card(page, "Instances").getByText("Deploy the app to start its instances.")).toBeVisible();

  await page.getByRole("button", { name: "Deploy", exact: true }).click();
  await expect(page).toHaveURL(/\/apps\/hello\/logbook\/[0-9a-f-]{36}$/);
  const terminal = page.getByRole("log", { name: "Logbook output" });
  await expect(terminal).toContainText("==> Fetch", { timeout: 30_000 });
  await expect(page.getByText("finished", { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(terminal).toContainText("Release 1 is live");
  await expect(page.getByRole("list", { name: "Stages" })).toContainText("Switch");
  await page.screenshot({ path: "test-results/logbook.png", fullPage: true });

  const appUrl = `http://hello-${who.account}.localhost:${ROUTER_PORT}/`;
  await expect(page.getByRole("link", { name: "Open the app" })).toHaveAttribute("href", appUrl);
  await page.goto(appUrl);
  await expect(page.getByRole("heading", { name: "hello from thirtyloops" })).toBeVisible();

  await page.goto("/apps/hello");
  await expect(card(page, "Instances").getByText("App instance 1")).toBeVisible();
  await expect(card(page, "Recent activity").getByRole("link", { name: "Deploy" })).toBeVisible();
  await page.getByRole("navigation", { name: "App sections" }).getByRole("link", { name: "Logs" }).click();
  await expect(page).toHaveURL(/\/apps\/hello\/logs$/);
  await expect(page.getByRole("log", { name: "Process logs" })).toContainText('"GET / HTTP/1.1" 200', {
    timeout: 15_000,
  });
  await page.screenshot({ path: "test-results/logs.png", fullPage: true });

  // The app page follows its instances live: a scale queued elsewhere (the REST API) shows up
  // without a reload.
  await page.goto("/apps/hello");
  const instances = card(page, "Instances");
  await expect(instances.getByText("App instance 1")).toBeVisible();
  const auth = `Basic ${Buffer.from(`${who.username}:${who.password}`).toString("base64")}`;
  const scaled = await request.post(`/0.9/${who.account}/apps/hello`, {
    headers: { Authorization: auth },
    data: { action: "scale", options: { instances: 2 } },
  });
  expect(scaled.status()).toBe(202);
  await expect(instances.getByText("App instance 2")).toBeVisible({ timeout: 20_000 });
});

test("[DEPLOY]: cancel a running deploy from its logbook; nothing of it stays", async ({ page }) => {
  test.setTimeout(120_000);
  const who = await signUpViaForm(page);
  const slowHook = "#!/bin/sh\necho waiting for a long migration\nsleep 120\n";
  await createAppViaForm(page, "slow", wsgiRepository(HELLO_APP, { postinstall: slowHook }));
  await page.getByRole("button", { name: "Deploy", exact: true }).click();
  const terminal = page.getByRole("log", { name: "Logbook output" });
  await expect(terminal).toContainText("waiting for a long migration", { timeout: 60_000 });
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByText("cancelled", { exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(terminal).toContainText(`Cancelled by ${who.username}. The running app is untouched.`);
  await page.goto("/apps/slow");
  await expect(
    page
      .getByRole("region", { name: "Instances", exact: true })
      .getByText("Deploy the app to start its instances."),
  ).toBeVisible();
  await expect(
    page.getByRole("region", { name: "Recent activity", exact: true }).getByText("cancelled"),
  ).toBeVisible();
});
