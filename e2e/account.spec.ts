import { expect, test } from "@playwright/test";
import { logIn, newTestAccount, signUpViaForm } from "./helpers/accounts";

test("[ACCOUNT]: add a user, change their password, deactivate and remove them", async ({
  page,
  browser,
}) => {
  const owner = await signUpViaForm(page);
  await page.getByRole("link", { name: "Account" }).click();
  await expect(page.getByRole("heading", { name: `Account ${owner.account}` })).toBeVisible();
  await expect(page.getByText("FREE", { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Upgrade plan" })).toHaveAttribute(
    "href",
    /billing\/upgrade\?key=/,
  );

  const mate = newTestAccount();
  await page.getByLabel("New username").fill(mate.username);
  await page.getByLabel("New user's email").fill(mate.email);
  await page.getByLabel("Initial password").fill("first-password");
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByText(`${mate.username} can now log in.`)).toBeVisible();

  await page.getByRole("button", { name: `Change password of ${mate.username}` }).click();
  await page.getByLabel(`New password for ${mate.username}`).fill("second-password");
  await page.getByRole("button", { name: "Save password" }).click();
  await expect(page.getByText(`Password of ${mate.username} changed.`)).toBeVisible();

  const context = await browser.newContext();
  const other = await context.newPage();
  await logIn(other, { username: mate.username, password: "second-password" });
  await context.close();

  await page.getByRole("button", { name: `Deactivate ${mate.username}` }).click();
  await expect(page.getByText("Deactivated")).toBeVisible();
  const refused = await browser.newContext();
  const refusedPage = await refused.newPage();
  await refusedPage.goto("/login");
  await refusedPage.getByLabel("Username").fill(mate.username);
  await refusedPage.getByLabel("Password", { exact: true }).fill("second-password");
  await refusedPage.getByRole("button", { name: "Log in" }).click();
  await expect(refusedPage.getByText(`User ${mate.username} is disabled.`)).toBeVisible();
  await refused.close();

  await page.getByRole("button", { name: `Remove ${mate.username}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Remove user" }).click();
  await expect(page.getByText(mate.email)).toHaveCount(0);
});

test("[ACCOUNT]: the last active user cannot remove themselves", async ({ page }) => {
  const owner = await signUpViaForm(page);
  await page.goto("/account");
  await page.getByRole("button", { name: `Remove ${owner.username}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Remove user" }).click();
  await expect(page.getByRole("dialog").getByRole("alert")).toContainText("last active user");
});
