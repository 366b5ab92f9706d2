import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
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

/** A real git repository of a WSGI app (`app.py`, `thirty.ini`), made the way a user's would be. */
export function wsgiRepository(appPy: string, extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "thirty-e2e-repo-"));
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
