import { expect, test } from "@playwright/test";
import { logIn, logOut, newTestAccount, signUpViaForm } from "./helpers/accounts";

test("[AUTH]: sign up, log out and log in again", async ({ page }) => {
  const who = await signUpViaForm(page);
  await expect(page.getByRole("heading", { name: "Apps", level: 1 })).toBeVisible();
  await expect(page.getByText(who.username, { exact: true })).toBeVisible();
  await logOut(page);
  await page.goto("/apps");
  await expect(page).toHaveURL(/\/login$/);
  await logIn(page, who);
  await expect(page.getByRole("heading", { name: "No apps yet" })).toBeVisible();
});

test("[AUTH]: bad and taken names are explained inline, and nothing typed is lost", async ({
  page,
  browser,
}) => {
  const first = await signUpViaForm(page);
  const context = await browser.newContext();
  const other = await context.newPage();
  await other.goto("/signup");
  await other.getByLabel("Account name").fill("Not_Valid");
  await other.getByLabel("Username").click();
  await expect(other.getByText("Account name must be lowercase.")).toBeVisible();

  const second = newTestAccount();
  await other.getByLabel("Account name").fill(first.account);
  await other.getByLabel("Username").fill(second.username);
  await other.getByLabel("Email").fill(second.email);
  await other.getByLabel("Password", { exact: true }).fill(second.password);
  await other.getByRole("button", { name: "Create account" }).click();
  await expect(other.getByText(`The account name ${first.account} is taken; choose another.`)).toBeVisible();
  await expect(other.getByLabel("Username")).toHaveValue(second.username);
  await context.close();
});

test("[AUTH]: a wrong password is refused", async ({ page }) => {
  const who = await signUpViaForm(page);
  await logOut(page);
  await page.getByLabel("Username").fill(who.username);
  await page.getByLabel("Password", { exact: true }).fill("not-the-password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByText("That username and password do not match.")).toBeVisible();
  await expect(page).toHaveURL(/\/login$/);
});

test("[AUTH]: a signed-out visitor is sent to log in", async ({ page }) => {
  await page.goto("/apps/anything");
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
});
