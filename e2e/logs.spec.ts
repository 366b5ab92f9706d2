import { expect, test } from "@playwright/test";
import { signUpViaForm } from "./helpers/accounts";
import { ROUTER_PORT } from "./helpers/ports";
import { createAppViaForm, deployViaButton, wsgiRepository } from "./helpers/apps";

const LOGGING_APP =
  'import sys\ndef application(environ, start_response):\n    print("handled", environ["PATH_INFO"], file=sys.stderr, flush=True)\n    start_response("200 OK", [("Content-Type", "text/plain")])\n    return [b"ok"]\n';

test("[LOGS]: requests appear live as nginx lines; filter by program; search the panel", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const who = await signUpViaForm(page);
  await createAppViaForm(page, "tail", wsgiRepository(LOGGING_APP));
  await deployViaButton(page);

  await page.goto("/apps/tail/logs");
  const panel = page.getByRole("log", { name: "Process logs" });
  await expect(panel).toContainText("Listening at");
  await expect(page.getByText(/^Live · \d+ lines$/)).toBeVisible();

  // Requests sent now show up while the page stays open: nothing reloads it.
  const host = `tail-${who.account}.localhost`;
  for (const urlPath of ["/first-live-request", "/second-live-request"])
    expect(
      (await request.get(`http://127.0.0.1:${ROUTER_PORT}${urlPath}`, { headers: { Host: host } })).status(),
    ).toBe(200);
  await expect(panel).toContainText('"GET /second-live-request HTTP/1.1" 200', { timeout: 10_000 });
  await expect(panel).toContainText("handled /second-live-request");

  // Only nginx: the gunicorn lines go, new requests still arrive.
  await page.getByRole("checkbox", { name: "gunicorn" }).uncheck();
  await expect(panel).not.toContainText("Listening at");
  await expect(panel).toContainText('"GET /first-live-request HTTP/1.1"');
  await request.get(`http://127.0.0.1:${ROUTER_PORT}/third-live-request`, { headers: { Host: host } });
  await expect(panel).toContainText("/third-live-request", { timeout: 10_000 });

  await page.getByLabel("Search Process logs").fill("no-such-text-anywhere");
  await page.getByRole("button", { name: "Find" }).click();
  await expect(page.getByText('No match for "no-such-text-anywhere".')).toBeVisible();
  await page.getByLabel("Search Process logs").fill("third-live-request");
  await page.getByRole("button", { name: "Find" }).click();
  await expect(page.getByText(/No match/)).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Resume following" })).toBeVisible();
  await page.screenshot({ path: "test-results/logs-live.png", fullPage: true });
});

test("[LOGS]: a dropped connection resumes where it was: lines sent meanwhile arrive once", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const who = await signUpViaForm(page);
  await createAppViaForm(page, "resume", wsgiRepository(LOGGING_APP));
  await deployViaButton(page);
  await page.goto("/apps/resume/logs");
  await page.getByRole("checkbox", { name: "gunicorn" }).uncheck();
  const panel = page.getByRole("log", { name: "Process logs" });
  const host = `resume-${who.account}.localhost`;
  await request.get(`http://127.0.0.1:${ROUTER_PORT}/before-drop`, { headers: { Host: host } });
  await expect(panel).toContainText("/before-drop", { timeout: 10_000 });

  await page.context().setOffline(true);
  await request.get(`http://127.0.0.1:${ROUTER_PORT}/while-offline`, { headers: { Host: host } });
  await page.context().setOffline(false);
  await request.get(`http://127.0.0.1:${ROUTER_PORT}/after-return`, { headers: { Host: host } });
  await expect(panel).toContainText("/after-return", { timeout: 30_000 });
  const text = (await panel.textContent()) ?? "";
  expect(text.match(/GET \/while-offline/g)).toHaveLength(1);
  expect(text.match(/GET \/before-drop/g)).toHaveLength(1);
});
