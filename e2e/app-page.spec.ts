import { expect, test, type Page } from "@playwright/test";
import { signUpViaForm } from "./helpers/accounts";
import { commitAppPy, createAppViaForm, deployViaButton, wsgiRepository } from "./helpers/apps";

const answering = (text: string) =>
  `def application(environ, start_response):\n    start_response("200 OK", [("Content-Type", "text/html")])\n    return [b"<h1>${text}</h1>"]\n`;

function tab(page: Page, name: string) {
  return page.getByRole("navigation", { name: "App sections" }).getByRole("link", { name, exact: true });
}

function card(page: Page, title: string) {
  return page.getByRole("region", { name: title, exact: true });
}

async function openAppContent(page: Page, appName: string): Promise<string> {
  await page.goto(`/apps/${appName}`);
  const href = await page.getByRole("link", { name: "Open app" }).getAttribute("href");
  // Through the browser: it resolves *.localhost host names to the router, Node does not.
  await page.goto(href ?? "");
  return (await page.locator("body").textContent()) ?? "";
}

test("[APP PAGE]: roll back to the previous release from Activity; the app answers its old content", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signUpViaForm(page);
  const repo = wsgiRepository(answering("version one"));
  await createAppViaForm(page, "shop", repo);
  // Before the first deploy, actions that need instances say why they cannot run.
  await expect(page.getByRole("button", { name: "Restart app" })).toBeDisabled();
  await expect(
    page.getByText("Deploy the app first: restart and commands run in its instances."),
  ).toBeVisible();
  await deployViaButton(page);
  commitAppPy(repo, answering("version two"), "second version");
  await page.goto("/apps/shop");
  await deployViaButton(page);
  // The old release drains for a few seconds: a kept-alive browser connection may still reach it.
  await expect.poll(() => openAppContent(page, "shop")).toContain("version two");
  await page.goto("/apps/shop");
  await expect(page.getByText("Release 2 ·")).toBeVisible();

  await tab(page, "Activity").click();
  await expect(page).toHaveURL(/\/apps\/shop\/activity$/);
  const releases = card(page, "Releases");
  await expect(releases.getByRole("listitem")).toHaveCount(2);
  await releases.getByRole("button", { name: "Roll back to release 1" }).click();
  await expect(page).toHaveURL(/\/apps\/shop\/logbook\/[0-9a-f-]{36}$/);
  await expect(page.getByText("finished", { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole("log", { name: "Logbook output" })).toContainText(
    "Rolling back from release 2 to release 1",
  );
  await expect.poll(() => openAppContent(page, "shop")).toContain("version one");
  await page.goto("/apps/shop/activity");
  await expect(page.getByText("Release 1 ·")).toBeVisible();
  await expect(
    card(page, "Action history").getByRole("link", { name: "Rollback to release 1" }),
  ).toBeVisible();
});

test("[APP PAGE]: changing a variable queues the restart without pressing Restart", async ({ page }) => {
  test.setTimeout(120_000);
  await signUpViaForm(page);
  await createAppViaForm(page, "env", wsgiRepository(answering("env app")));
  await deployViaButton(page);
  await page.goto("/apps/env/settings");
  const env = card(page, "Environment variables");
  await env.getByLabel("Name").fill("GREETING");
  await env.getByLabel("Value").fill("hello");
  await env.getByRole("button", { name: "Add variable" }).click();
  await expect(env.getByText("a rolling restart was queued")).toBeVisible();
  await env.getByRole("link", { name: "Follow the restart" }).click();
  await expect(page).toHaveURL(/\/apps\/env\/logbook\/[0-9a-f-]{36}$/);
  await expect(page.getByText("finished", { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole("log", { name: "Logbook output" })).toContainText("Restarted 1 instance");
  const restartLogbook = new URL(page.url()).pathname;
  // Activity names what changed (never a value) on the restart it caused.
  await page.goto("/apps/env/activity");
  const entry = card(page, "Action history").getByRole("link", {
    name: "Variables changed: GREETING set — restarted",
  });
  await expect(entry).toHaveAttribute("href", restartLogbook);
  await expect(card(page, "Action history")).not.toContainText("hello");
});

test("[APP PAGE]: a variable changed before the first deploy shows in Activity with why nothing restarted", async ({
  page,
}) => {
  await signUpViaForm(page);
  await createAppViaForm(page, "early", wsgiRepository(answering("early app")));
  await page.goto("/apps/early/settings");
  const env = card(page, "Environment variables");
  await env.getByLabel("Name").fill("API_TOKEN");
  await env.getByLabel("Value").fill("tok-never-shown");
  await env.getByRole("button", { name: "Add variable" }).click();
  await expect(env.getByText("Variables saved. The app has not been deployed yet")).toBeVisible();
  await env.getByRole("link", { name: "Open its logbook" }).click();
  await expect(page.getByRole("log", { name: "Logbook output" })).toContainText("set API_TOKEN");
  await page.goto("/apps/early/activity");
  await expect(
    card(page, "Action history").getByRole("link", {
      name: "Variables changed: API_TOKEN set — applies at the first deploy",
    }),
  ).toBeVisible();
  await expect(page.locator("body")).not.toContainText("tok-never-shown");
});

test("[APP PAGE]: every tab renders at 1280 px and 390 px without sideways scrolling", async ({ page }) => {
  await signUpViaForm(page);
  await createAppViaForm(page, "tabs", wsgiRepository(answering("tabs")));
  const tabs = ["Overview", "Resources", "Deploy", "Activity", "Metrics", "Logs", "Settings"];
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    for (const name of tabs) {
      await tab(page, name).click();
      await expect(tab(page, name)).toHaveAttribute("aria-current", "page");
      await expect(page.getByRole("heading", { name: "tabs", level: 1, exact: true })).toBeVisible();
      await expect(page.getByRole("button", { name: "Deploy", exact: true })).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${name} at ${width} px`).toBeLessThanOrEqual(0);
    }
  }
  await page.goto("/apps/no-such-app/logs");
  await expect(page.getByRole("heading", { name: "App not found" })).toBeVisible();
});
