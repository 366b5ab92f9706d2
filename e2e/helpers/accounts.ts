import { expect, type Page } from "@playwright/test";

export type TestAccount = { account: string; username: string; email: string; password: string };

/** Fresh DNS-safe names, so tests never collide on the shared platform. */
export function newTestAccount(prefix = "t"): TestAccount {
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return {
    account: `${prefix}${suffix}`.slice(0, 30),
    username: `u${suffix}`.slice(0, 30),
    email: `u${suffix}@example.org`,
    password: "correct-horse-battery",
  };
}

/** Signs up through the form like a person, ending on the apps page. */
export async function signUpViaForm(page: Page, who: TestAccount = newTestAccount()): Promise<TestAccount> {
  await page.goto("/signup");
  await page.getByLabel("Account name").fill(who.account);
  await page.getByLabel("Username").fill(who.username);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password", { exact: true }).fill(who.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/apps$/);
  return who;
}

export async function logIn(page: Page, who: { username: string; password: string }): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Username").fill(who.username);
  await page.getByLabel("Password", { exact: true }).fill(who.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/apps$/);
}

export async function logOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login$/);
}
