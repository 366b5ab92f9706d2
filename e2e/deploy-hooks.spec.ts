import { execFileSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { signUpViaForm } from "./helpers/accounts";
import { commitAppPy, createAppViaForm, wsgiRepository } from "./helpers/apps";

const answering = (text: string) =>
  `def application(environ, start_response):\n    start_response("200 OK", [("Content-Type", "text/plain")])\n    return [b"${text}"]\n`;

function tab(page: Page, name: string) {
  return page.getByRole("navigation", { name: "App sections" }).getByRole("link", { name, exact: true });
}

/** The hook's URL and secret as a person copies them from the Deploy tab. */
async function readHook(page: Page) {
  const card = page.getByRole("region", { name: "Deploy hook", exact: true });
  const secret = card.getByLabel("Secret", { exact: true });
  // Hidden until asked for (it stays shown once revealed on this page).
  if ((await secret.getAttribute("type")) === "password")
    await card.getByRole("button", { name: "Show secret" }).click();
  await expect(secret).toHaveAttribute("type", "text");
  return {
    url: await card.getByLabel("Payload URL", { exact: true }).inputValue(),
    secret: await secret.inputValue(),
    card,
  };
}

test("[DEPLOY HOOKS]: a signed push event with the secret from the Deploy tab queues a deploy shown in Activity", async ({
  page,
  request,
}) => {
  test.setTimeout(150_000);
  await signUpViaForm(page);
  const repo = wsgiRepository(answering("before push"));
  await createAppViaForm(page, "hooked", repo);

  await tab(page, "Deploy").click();
  await expect(page).toHaveURL(/\/apps\/hooked\/deploy$/);
  await expect(
    page.getByRole("region", { name: "Deploy hook", exact: true }).getByLabel("Secret", { exact: true }),
  ).toHaveAttribute("type", "password");
  const first = await readHook(page);
  expect(first.url).toMatch(/\/0\.9\/[a-z0-9-]+\/apps\/hooked\/deploy_hook$/);

  // Rotating asks first, then shows a new secret; the old one no longer deploys.
  await first.card.getByRole("button", { name: "Rotate secret" }).click();
  const dialog = page.getByRole("dialog", { name: "Rotate the deploy hook's secret?" });
  await dialog.getByRole("button", { name: "Rotate secret" }).click();
  await expect(page.getByText("A new secret is in place")).toBeVisible();
  await expect(first.card.getByLabel("Secret", { exact: true })).not.toHaveValue(first.secret);
  const { url, secret } = await readHook(page);

  commitAppPy(repo, answering("after push"), "pushed change");
  const branch = execFileSync("git", ["rev-parse", "--abbrev-ref", "HEAD"], {
    cwd: repo,
    encoding: "utf8",
  }).trim();
  const commit = execFileSync("git", ["rev-parse", "HEAD"], { cwd: repo, encoding: "utf8" }).trim();
  const body = JSON.stringify({
    ref: `refs/heads/${branch}`,
    after: commit,
    pusher: { name: "e2e-pusher" },
    repository: { default_branch: branch },
  });
  const sign = (key: string) => `sha256=${createHmac("sha256", key).update(body).digest("hex")}`;
  const path = new URL(url).pathname;
  const headers = (key: string) => ({
    "Content-Type": "application/json",
    "X-GitHub-Event": "push",
    "X-Hub-Signature-256": sign(key),
  });

  const stale = await request.post(path, { headers: headers(first.secret), data: body });
  expect(stale.status()).toBe(401);
  const pushed = await request.post(path, { headers: headers(secret), data: body });
  expect(pushed.status(), await pushed.text()).toBe(202);
  expect(pushed.headers().location).toMatch(/\/0\.9\/[a-z0-9-]+\/logbook\/[0-9a-f-]{36}$/);

  await tab(page, "Activity").click();
  const history = page.getByRole("region", { name: "Action history", exact: true });
  const entry = history.getByRole("listitem").filter({ hasText: "push by e2e-pusher" });
  await expect(entry).toHaveCount(1);
  await entry.getByRole("link", { name: "Deploy" }).click();
  await expect(page).toHaveURL(/\/apps\/hooked\/logbook\/[0-9a-f-]{36}$/);
  await expect(page.getByText("finished", { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText("Requested push by e2e-pusher")).toBeVisible();
  await expect(page.getByRole("log", { name: "Logbook output" })).toContainText(
    `Queued by a push to ${branch} by e2e-pusher`,
  );
  await expect(page.getByRole("log", { name: "Logbook output" })).not.toContainText(secret);
});
