import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, type Page } from "@playwright/test";

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: "E2E",
  GIT_AUTHOR_EMAIL: "e2e@example.org",
  GIT_COMMITTER_NAME: "E2E",
  GIT_COMMITTER_EMAIL: "e2e@example.org",
};

/**
 * Where e2e repositories are made: the platform under test only deploys local repositories
 * from THIRTY_LOCAL_REPOSITORIES, which playwright.config.ts and the platform helpers set to
 * this directory. World-readable, so the apps' own users can read what they deploy.
 */
export const E2E_REPOSITORIES = path.join(os.tmpdir(), "thirty-test-repos");

/** A real git repository of a WSGI app (`app.py`, `thirty.ini`), made the way a user's would be. */
export function wsgiRepository(appPy: string, extra: Record<string, string> = {}): string {
  mkdirSync(E2E_REPOSITORIES, { recursive: true, mode: 0o755 });
  chmodSync(E2E_REPOSITORIES, 0o755);
  const dir = mkdtempSync(path.join(E2E_REPOSITORIES, "thirty-e2e-repo-"));
  chmodSync(dir, 0o755);
  writeFileSync(path.join(dir, "app.py"), appPy);
  writeFileSync(path.join(dir, "thirty.ini"), "[wsgi]\nentrypoint = app:application\n");
  // Extra files are hooks like postinstall: executable.
  for (const [name, content] of Object.entries(extra))
    writeFileSync(path.join(dir, name), content, { mode: 0o755 });
  for (const args of [
    ["init", "--quiet"],
    ["add", "-A"],
    ["commit", "--quiet", "-m", "E2E app"],
  ])
    execFileSync("git", args, { cwd: dir, env: GIT_ENV });
  return dir;
}

/**
 * A new commit of the repository's app.py, as a user pushing a change would make it; extra
 * files are hooks (executable), added or changed in the same commit.
 */
export function commitAppPy(
  dir: string,
  appPy: string,
  message: string,
  extra: Record<string, string> = {},
): void {
  writeFileSync(path.join(dir, "app.py"), appPy);
  for (const [name, content] of Object.entries(extra))
    writeFileSync(path.join(dir, name), content, { mode: 0o755 });
  execFileSync("git", ["add", "-A"], { cwd: dir, env: GIT_ENV });
  execFileSync("git", ["commit", "--quiet", "-m", message], { cwd: dir, env: GIT_ENV });
}

/** Creates an app from the apps page through the form, ending on the app's page. */
export async function createAppViaForm(page: Page, name: string, location: string): Promise<void> {
  await page.getByRole("link", { name: "Create app" }).click();
  await page.getByLabel("App name").fill(name);
  await page.getByLabel("Repository location").fill(location);
  await page.getByRole("button", { name: "Create app" }).click();
  await expect(page).toHaveURL(new RegExp(`/apps/${name}$`));
}

/** Clicks Deploy on the app's page and waits on its logbook until the deploy finished. */
export async function deployViaButton(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Deploy", exact: true }).click();
  await expect(page.getByText("finished", { exact: true })).toBeVisible({ timeout: 60_000 });
}
