import { expect, test, type Page } from "@playwright/test";
import { signUpViaForm } from "./helpers/accounts";
import { commitAppPy, createAppViaForm, deployViaButton, wsgiRepository } from "./helpers/apps";

const answering = (text: string) =>
  `def application(environ, start_response):\n    start_response("200 OK", [("Content-Type", "text/html")])\n    return [b"<h1>${text}</h1>"]\n`;

// A colon forgotten after the def: Python refuses the module, so gunicorn's worker cannot boot.
const SYNTAX_ERROR = "def application(environ, start_response)\n    return []\n";

/** What the app answers through the router, reached from the page's Open app link. */
async function openAppContent(page: Page, appName: string): Promise<string> {
  await page.goto(`/apps/${appName}`);
  const href = await page.getByRole("link", { name: "Open app" }).getAttribute("href");
  // Through the browser: it resolves *.localhost host names to the router, Node does not.
  await page.goto(href ?? "");
  return (await page.locator("body").textContent()) ?? "";
}

/** Back from a logbook to the app's page, the way a person would: its breadcrumb. */
async function backToApp(page: Page, appName: string): Promise<void> {
  await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: appName }).click();
  await expect(page).toHaveURL(new RegExp(`/apps/${appName}$`));
}

test("[FAILED DEPLOY]: a SyntaxError shows the banner and its cause, the old release keeps serving, a good deploy clears it", async ({
  page,
}) => {
  test.setTimeout(240_000);
  await signUpViaForm(page);
  const repo = wsgiRepository(answering("first version"));
  await createAppViaForm(page, "fragile", repo);
  await deployViaButton(page);
  await expect.poll(() => openAppContent(page, "fragile")).toContain("first version");

  commitAppPy(repo, SYNTAX_ERROR, "forgot a colon");
  await page.goto("/apps/fragile");
  await page.getByRole("button", { name: "Deploy", exact: true }).click();
  await expect(page).toHaveURL(/\/apps\/fragile\/logbook\/[0-9a-f-]{36}$/);
  const failedLogbook = new URL(page.url()).pathname;
  // The health check gives up once the new instance's process exits (or after its timeout).
  await expect(page.getByText("error", { exact: true })).toBeVisible({ timeout: 90_000 });
  await backToApp(page, "fragile");

  const banner = page.getByRole("link", { name: "Last deploy failed at Check — release 1 still serving" });
  await expect(banner).toBeVisible();
  await expect(banner).toHaveAttribute("href", failedLogbook);
  // The cause is the app's own error, not gunicorn's boot trace ("Worker failed to boot").
  const cause = page.getByText(/^SyntaxError: /);
  await expect(cause).toBeVisible();
  await expect(cause).not.toContainText("Worker failed to boot");
  await expect(page.getByText("Release 1 ·")).toBeVisible();

  await banner.click();
  await expect(page).toHaveURL(new RegExp(`${failedLogbook}$`));
  await expect(page.getByRole("log", { name: "Logbook output" })).toContainText("SyntaxError");
  // Release 1 never stopped answering.
  expect(await openAppContent(page, "fragile")).toContain("first version");

  commitAppPy(repo, answering("fixed version"), "put the colon back");
  await page.goto("/apps/fragile");
  await deployViaButton(page);
  await backToApp(page, "fragile");
  await expect(page.getByText("Release 2 ·")).toBeVisible();
  await expect(page.getByText(/Last deploy failed/)).toHaveCount(0);
  await expect(page.getByText(/^SyntaxError: /)).toHaveCount(0);
  await expect.poll(() => openAppContent(page, "fragile")).toContain("fixed version");
});
