import { expect, test, type Page } from "@playwright/test";
import { logIn, signUpViaForm } from "./helpers/accounts";
import { createAppViaForm, wsgiRepository } from "./helpers/apps";
import { gatedHook, startGate } from "./helpers/gate";
import { startSplitPlatform, type SplitPlatform } from "./helpers/split-platform";

// Two `web` processes and one `worker,runtime` process of their own (README, "Running split"),
// on a database of their own on the e2e platform's PostgreSQL: slower than the others by design.
test.describe.configure({ timeout: 300_000 });

let split: SplitPlatform | undefined;

test.beforeAll(async () => {
  // Two Next.js servers and a runtime starting at once on a busy 2-core machine.
  test.setTimeout(420_000);
  split = await startSplitPlatform(2);
});

test.afterAll(async () => {
  test.setTimeout(120_000);
  await split?.stop();
});

const SPLIT_APP =
  'def application(environ, start_response):\n    start_response("200 OK", [("Content-Type", "text/html")])\n    return [b"<h1>served by the worker\'s runtime</h1>"]\n';

function card(page: Page, title: string) {
  return page.getByRole("region", { name: title, exact: true });
}

test("[SPLIT]: a deploy clicked on web A streams live to web B; a scale on web B shows on web A", async ({
  browser,
}) => {
  if (!split) throw new Error("The split platform did not start.");
  const [webA, webB] = split.webs;
  if (!webA || !webB) throw new Error("Two web processes were asked for.");
  const gate = await startGate();
  // One person, two browsers: each web process has its own origin, so its own session.
  const atA = await browser.newContext({ baseURL: webA.url });
  const atB = await browser.newContext({ baseURL: webB.url });
  try {
    const pageA = await atA.newPage();
    const pageB = await atB.newPage();
    const who = await signUpViaForm(pageA);
    await logIn(pageB, who);
    // Its postinstall hook holds the deploy until the test has seen web B follow it.
    await createAppViaForm(pageA, "split", wsgiRepository(SPLIT_APP, { postinstall: gatedHook(gate) }));

    await pageB.goto("/apps/split");
    await expect(card(pageB, "Instances").getByText("Deploy the app to start its instances.")).toBeVisible();

    await pageA.getByRole("button", { name: "Deploy", exact: true }).click();
    await expect(pageA).toHaveURL(/\/apps\/split\/logbook\/[0-9a-f-]{36}$/);
    const logbookPath = new URL(pageA.url()).pathname;

    // Web B learns of the deploy without a reload (the queue and the status changes go
    // through PostgreSQL) and follows it from the app's activity.
    const activityB = card(pageB, "Recent activity");
    await activityB.getByRole("link", { name: "Deploy" }).click({ timeout: 60_000 });
    await expect(pageB).toHaveURL(new RegExp(`${logbookPath}$`));
    const terminalB = pageB.getByRole("log", { name: "Logbook output" });
    await expect(terminalB).toContainText("==> Fetch", { timeout: 60_000 });
    await expect(terminalB).toContainText("waiting at the gate", { timeout: 120_000 });
    await expect(pageB.getByText("running", { exact: true })).toBeVisible();

    // The rest of the deploy reaches web B's open page as it happens, to its end.
    gate.open();
    await expect(terminalB).toContainText("through the gate", { timeout: 30_000 });
    await expect(terminalB).toContainText("Release 1 is live", { timeout: 60_000 });
    await expect(pageB.getByText("finished", { exact: true })).toBeVisible({ timeout: 30_000 });
    await expect(pageA.getByText("finished", { exact: true })).toBeVisible();
    await pageB.screenshot({ path: "test-results/split-web-b-logbook.png", fullPage: true });

    // Served by the worker,runtime process's router: the web processes run no instances.
    const appUrl = `http://split-${who.account}.localhost:${split.worker.routerPort}/`;
    await expect(pageB.getByRole("link", { name: "Open the app" })).toHaveAttribute("href", appUrl);
    const visit = await atB.newPage();
    await visit.goto(appUrl);
    await expect(visit.getByRole("heading", { name: "served by the worker's runtime" })).toBeVisible();
    await visit.close();

    // Web A watches the app while web B scales it.
    await pageA.goto("/apps/split");
    const instancesA = card(pageA, "Instances");
    await expect(instancesA.getByRole("listitem")).toHaveCount(1);
    await expect(instancesA.getByText("App instance 1")).toBeVisible();

    await pageB.goto("/apps/split");
    await pageB
      .getByRole("navigation", { name: "App sections" })
      .getByRole("link", { name: "Resources" })
      .click();
    const scale = pageB.getByRole("form", { name: "Scale Web" });
    await scale.getByLabel("Web instances").fill("2");
    await scale.getByRole("button", { name: "Scale" }).click();
    await expect(pageB).toHaveURL(/\/apps\/split\/logbook\/[0-9a-f-]{36}$/);

    await expect(instancesA.getByText("App instance 2")).toBeVisible({ timeout: 90_000 });
    await expect(instancesA.getByRole("listitem")).toHaveCount(2);
    await expect(pageB.getByText("finished", { exact: true })).toBeVisible({ timeout: 30_000 });
    await expect(pageB.getByRole("log", { name: "Logbook output" })).toContainText("Scaled to 2 instances.");
  } finally {
    await atA.close();
    await atB.close();
    await gate.close();
  }
});
