import http from "node:http";
import { expect, test, type Page } from "@playwright/test";
import { signUpViaForm } from "./helpers/accounts";
import { createAppViaForm, deployViaButton, wsgiRepository } from "./helpers/apps";
import { ROUTER_PORT } from "./helpers/ports";

/** Answers by path: /missing 404, /boom 500, anything else 200. */
const STATUS_APP = `CODES = {"/missing": "404 Not Found", "/boom": "500 Internal Server Error"}
def application(environ, start_response):
    status = CODES.get(environ.get("PATH_INFO", "/"), "200 OK")
    start_response(status, [("Content-Type", "text/plain")])
    return [status.encode()]
`;

/** A request through the platform's router, as a visitor's browser would send it. */
function visit(host: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port: ROUTER_PORT, path, headers: { Host: host }, agent: false }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      })
      .on("error", reject);
  });
}

function figure(page: Page, name: string) {
  return page.getByRole("figure", { name, exact: true });
}

test("[METRICS]: requests sent to a deployed app show in the Metrics tab's charts and on Overview", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signUpViaForm(page);
  await createAppViaForm(page, "metered", wsgiRepository(STATUS_APP));
  await deployViaButton(page);
  await page.goto("/apps/metered");
  const href = (await page.getByRole("link", { name: "Open app" }).getAttribute("href")) ?? "";
  const host = new URL(href).hostname;

  await page
    .getByRole("navigation", { name: "App sections" })
    .getByRole("link", { name: "Metrics", exact: true })
    .click();
  await expect(page).toHaveURL(/\/apps\/metered\/metrics$/);
  await expect(page.getByRole("heading", { name: "No requests yet" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Open metered" })).toHaveAttribute("href", href);

  const statuses: number[] = [];
  for (const path of ["/", "/", "/", "/", "/", "/missing", "/missing", "/boom"])
    statuses.push(await visit(host, path));
  expect(statuses).toEqual([200, 200, 200, 200, 200, 404, 404, 500]);

  // The page refreshes by itself: no reload, no click.
  const requests = figure(page, "Requests per minute");
  await expect(requests).toContainText("8 requests in the last hour", { timeout: 60_000 });
  await expect(page.getByRole("heading", { name: "No requests yet" })).toBeHidden();
  await expect(figure(page, "Status classes")).toContainText("5 2xx, 0 3xx, 2 4xx, 1 5xx in the last hour.");
  await expect(figure(page, "Latency")).toContainText(/p50 [\d.]+ ms, p95 [\d.]+ ms, p99 [\d.]+ ms/);
  await expect(requests.locator("canvas").first()).toBeVisible();
  const totals = page.getByRole("region", { name: "Totals, in the last hour" });
  await expect(totals.getByRole("definition").first()).toHaveText("8");

  // The numbers behind the chart, for whoever cannot see it.
  await requests.getByText("Show the numbers").click();
  const table = requests.getByRole("table");
  await expect(table.getByRole("cell", { name: "8", exact: true })).toBeVisible();

  // Instances are read every few seconds: memory shows for app.1 once it was read.
  await expect(figure(page, "Memory per instance")).toContainText(/Latest reading: app\.1 [\d.]+ MB/, {
    timeout: 60_000,
  });
  await expect(figure(page, "CPU per instance")).toContainText(/app\.1 [\d.]+ %/, { timeout: 60_000 });

  await page.getByRole("radio", { name: "24 hours" }).check();
  await expect(figure(page, "Requests per 5 minutes")).toContainText("8 requests in the last 24 hours");

  await page
    .getByRole("navigation", { name: "App sections" })
    .getByRole("link", { name: "Overview" })
    .click();
  const lastHour = page.getByRole("region", { name: "Last hour" });
  await expect(lastHour.getByRole("definition").first()).toHaveText("8");
  await lastHour.getByRole("link", { name: "View metrics" }).click();
  await expect(page).toHaveURL(/\/apps\/metered\/metrics$/);

  // Readable on a phone: no sideways scrolling, charts as wide as the screen allows.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(figure(page, "Requests per minute").locator("canvas").first()).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
