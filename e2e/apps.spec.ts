import { expect, test, type Page } from "@playwright/test";
import { signUpViaForm } from "./helpers/accounts";

function card(page: Page, title: string) {
  return page.getByRole("region", { name: title, exact: true });
}

test("[APPS]: sign up, create an app with a repository, edit instances and an env var, add a worker, delete the app", async ({
  page,
}) => {
  await signUpViaForm(page);
  await expect(page.getByRole("heading", { name: "No apps yet" })).toBeVisible();
  await page.getByRole("link", { name: "Create app" }).click();

  await page.getByLabel("App name").fill("blog");
  await page.getByLabel("Instances").fill("1");
  await page.getByLabel("Repository location").fill("https://bob:hunter2@git.example.org/blog.git");
  await page.getByLabel("Create a PostgreSQL database").check();
  await page.getByRole("button", { name: "Create app" }).click();

  await expect(page).toHaveURL(/\/apps\/blog$/);
  await expect(page.getByRole("heading", { name: "blog", level: 1 })).toBeVisible();
  const tabs = page.getByRole("navigation", { name: "App sections" });
  const openTab = async (name: string) => {
    await tabs.getByRole("link", { name, exact: true }).click();
    await expect(tabs.getByRole("link", { name, exact: true })).toHaveAttribute("aria-current", "page");
  };
  await openTab("Deploy");
  const repository = card(page, "Repository");
  await expect(repository.getByText("https://bob:****@git.example.org/blog.git")).toBeVisible();
  await expect(page.getByText("hunter2")).toHaveCount(0);
  await openTab("Resources");
  // The database exists at once, its password masked until revealed.
  const database = card(page, "PostgreSQL");
  await expect(database.getByText(/Status available/)).toBeVisible();
  await expect(database.getByText(/^postgresql:\/\/u[0-9a-f]+:\*\*\*\*@127\.0\.0\.1:\d+\//)).toBeVisible();

  await openTab("Settings");
  const settings = card(page, "Settings");
  await settings.getByLabel("Instances").fill("2");
  await settings.getByRole("button", { name: "Save settings" }).click();
  await expect(settings.getByText("Settings saved.")).toBeVisible();

  const env = card(page, "Environment variables");
  await env.getByLabel("Name").fill("API_TOKEN");
  await env.getByLabel("Value").fill("tok-very-secret");
  await env.getByRole("button", { name: "Add variable" }).click();
  await expect(env.getByText("API_TOKEN")).toBeVisible();
  await expect(env.getByRole("listitem").filter({ hasText: "API_TOKEN" })).toContainText("****");
  await expect(page.getByText("tok-very-secret")).toHaveCount(0);
  await env.getByLabel("Name").fill("DEBUG");
  await env.getByLabel("Value").fill("0");
  await env.getByRole("button", { name: "Add variable" }).click();
  await expect(env.getByText("DEBUG")).toBeVisible();
  await env.getByRole("button", { name: "Remove DEBUG" }).click();
  await expect(env.getByText("DEBUG")).toHaveCount(0);

  await openTab("Resources");
  const worker = card(page, "Worker");
  await worker.getByRole("button", { name: "Add worker" }).click();
  await expect(worker.getByLabel("Worker instances")).toHaveValue("1");

  await openTab("Settings");
  await page.reload();
  await expect(card(page, "Settings").getByLabel("Instances")).toHaveValue("2");
  await expect(card(page, "Environment variables").getByText("API_TOKEN")).toBeVisible();

  await page.getByRole("button", { name: "Delete app" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete blog?" });
  await expect(dialog.getByText("PostgreSQL database")).toBeVisible();
  await expect(dialog.getByText("the worker (1 instance)")).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Delete app" })).toBeDisabled();
  await dialog.getByLabel("Type blog to confirm").fill("blog");
  await dialog.getByRole("button", { name: "Delete app" }).click();
  // The deletion runs as an action: its logbook shows it to the end, then the list is empty.
  await expect(page).toHaveURL(/\/logbook\/[0-9a-f-]+$/);
  await expect(page.getByRole("heading", { name: "Delete app" })).toBeVisible();
  await expect(page.getByText("finished", { exact: true })).toBeVisible();
  await expect(page.getByRole("log", { name: "Logbook output" })).toContainText("App blog is deleted.");
  await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Apps" }).click();
  await expect(page.getByRole("heading", { name: "No apps yet" })).toBeVisible();
});

test("[APPS]: a second account cannot open the first account's app URL", async ({ page, browser }) => {
  await signUpViaForm(page);
  await page.goto("/apps/new");
  await page.getByLabel("App name").fill("private-app");
  await page.getByRole("button", { name: "Create app" }).click();
  await expect(page).toHaveURL(/\/apps\/private-app$/);

  const context = await browser.newContext();
  const intruder = await context.newPage();
  await signUpViaForm(intruder);
  await intruder.goto("/apps/private-app");
  await expect(intruder.getByRole("heading", { name: "App not found" })).toBeVisible();
  await expect(intruder.getByRole("link", { name: "private-app" })).toHaveCount(0);
  await context.close();
});

test("[APPS]: bad input is explained inline and nothing is lost", async ({ page }) => {
  await signUpViaForm(page);
  await page.goto("/apps/new");
  await page.getByLabel("App name").fill("Blog");
  await page.getByLabel("Instances").click();
  await expect(page.getByText("App name must be lowercase.")).toBeVisible();

  await page.getByLabel("App name").fill("shop");
  await page.getByLabel("Instances").fill("4");
  await page.getByLabel("Repository location").fill("https://git.example.org/shop.git");
  await page.getByRole("button", { name: "Create app" }).click();
  await expect(page.getByText("At most 3 instances on the free tier.")).toBeVisible();
  await expect(page.getByLabel("App name")).toHaveValue("shop");
  await expect(page.getByLabel("Repository location")).toHaveValue("https://git.example.org/shop.git");

  await page.getByLabel("Instances").fill("3");
  await page.getByRole("button", { name: "Create app" }).click();
  await expect(page).toHaveURL(/\/apps\/shop$/);
});
