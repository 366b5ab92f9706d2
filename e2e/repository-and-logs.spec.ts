import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { signUpViaForm } from "./helpers/accounts";
import { createAppViaForm, deployViaButton, E2E_REPOSITORIES, wsgiRepository } from "./helpers/apps";

const APP_PY =
  'def application(environ, start_response):\n    start_response("200 OK", [("Content-Type", "text/plain")])\n    return [b"ok"]\n';

function tab(page: Page, name: string) {
  return page.getByRole("navigation", { name: "App sections" }).getByRole("link", { name, exact: true });
}

test("[REPOSITORY]: Test connection on the new-app form and the Deploy tab shows the branch found, or why not", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signUpViaForm(page);
  const repo = wsgiRepository(APP_PY);
  await page.getByRole("link", { name: "Create app" }).click();
  await page.getByLabel("App name").fill("probe");

  await page.getByLabel("Repository location").fill(path.join(E2E_REPOSITORIES, "no-such-repository"));
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByText("Connection test failed")).toBeVisible({ timeout: 60_000 });

  await page.getByLabel("Repository location").fill("/etc");
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByText(/Local repositories must be inside/).first()).toBeVisible();

  await page.getByLabel("Repository location").fill(repo);
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByText(/^Connected: default branch \S+ is at [0-9a-f]{12}\.$/)).toBeVisible({
    timeout: 60_000,
  });
  await page.getByRole("button", { name: "Create app" }).click();
  await expect(page).toHaveURL(/\/apps\/probe$/);

  await tab(page, "Deploy").click();
  const card = page.getByRole("region", { name: "Repository", exact: true });
  await card.getByRole("button", { name: "Test connection" }).click();
  await expect(card.getByText(/^Connected: default branch \S+ is at [0-9a-f]{12}\.$/)).toBeVisible({
    timeout: 60_000,
  });
});

test("[RESOURCES]: the worker card warns when the release's thirty.ini has no [worker:processes]", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signUpViaForm(page);
  await createAppViaForm(page, "noworker", wsgiRepository(APP_PY));
  await deployViaButton(page);
  await page.goto("/apps/noworker/resources");
  const worker = page.getByRole("region", { name: "Worker", exact: true });
  await expect(worker.getByText("No [worker:processes] in thirty.ini")).toBeVisible();
  await expect(worker.getByText(/Release 1's thirty\.ini defines no worker processes/)).toBeVisible();
});

test("[LOGS]: filters apply as they change, say when no line matches, and fold away on a phone", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signUpViaForm(page);
  await createAppViaForm(page, "quiet", wsgiRepository(APP_PY));
  await deployViaButton(page);
  await page.goto("/apps/quiet/logs");
  const panel = page.getByRole("log", { name: "Process logs" });
  await expect(panel).toContainText("Listening at");
  await expect(page.getByText("No lines match these filters")).toHaveCount(0);

  // Typed filters apply like the others, without a submit button.
  await page.getByLabel("Only lines containing").fill("no-such-text-in-any-line");
  await expect(page.getByText("No lines match these filters")).toBeVisible();
  await expect(panel).not.toContainText("Listening at");
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(panel).toContainText("Listening at");
  await expect(page.getByText("No lines match these filters")).toHaveCount(0);

  // Times are local by default, and the picker says which zone it reads.
  await expect(page.getByLabel("Times in")).toHaveValue("local");

  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByLabel("Severity")).toBeHidden();
  await page.getByRole("button", { name: "Filters" }).click();
  await expect(page.getByLabel("Severity")).toBeVisible();
  await page.getByLabel("Severity").selectOption("Error");
  await page.getByRole("button", { name: "Hide filters" }).click();
  await expect(page.getByRole("button", { name: "Filters (1 on)" })).toBeVisible();
});
