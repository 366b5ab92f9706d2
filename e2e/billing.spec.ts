import http from "node:http";
import { expect, test, type Page } from "@playwright/test";
import { signUpViaForm } from "./helpers/accounts";
import { ROUTER_PORT } from "./helpers/ports";
import { createAppViaForm, deployViaButton, wsgiRepository } from "./helpers/apps";

const HOST_APP =
  'def application(environ, start_response):\n    start_response("200 OK", [("Content-Type", "text/plain")])\n    return [b"served for " + environ["HTTP_HOST"].encode()]\n';

function card(page: Page, title: string) {
  return page.getByRole("region", { name: title, exact: true });
}

/** A request to the router as a browser resolving the custom domain to this machine would send it. */
function getThroughRouter(host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(
        { host: "127.0.0.1", port: ROUTER_PORT, path: "/", headers: { Host: host }, agent: false },
        (res) => {
          let body = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (body += chunk));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        },
      )
      .on("error", reject);
  });
}

test("[BILLING]: a FREE account hits the limit, upgrades, publishes, serves a custom domain, then downgrades", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signUpViaForm(page);
  await createAppViaForm(page, "shop", wsgiRepository(HOST_APP));
  await deployViaButton(page);
  await page.goto("/apps/shop");

  // The free tier: 4 instances are refused, inline, with the way to the upgrade.
  await expect(card(page, "Plan and publishing").getByRole("timer")).toContainText("Stops automatically in");
  await page.getByRole("link", { name: "Resources" }).click();
  const scale = page.getByRole("form", { name: "Scale Web" });
  await scale.getByLabel("Web instances").fill("4");
  await scale.getByRole("button", { name: "Scale" }).click();
  const refused = page.getByRole("alert").filter({ hasText: "free-tier apps run at most 3 instances" });
  await expect(refused).toBeVisible();
  await refused.getByRole("link", { name: "Compare plans and upgrade" }).click();

  // Compare plans, fill the billing details (with a mistake first), review, confirm.
  await expect(page).toHaveURL(/\/billing\/upgrade$/);
  await expect(page.getByRole("radio", { name: /^Free/ })).toBeChecked();
  await page.getByRole("radio", { name: /^Standard/ }).check();
  await page.getByRole("button", { name: "Continue with Standard" }).click();
  const details = page.getByRole("form", { name: "Billing details" });
  await details.getByLabel("Name or company").fill("Shop Owner BV");
  await details.getByLabel("Street address").fill("Keizersgracht 1");
  await details.getByLabel("Postal code").fill("1015 CJ");
  await details.getByLabel("City").fill("Amsterdam");
  await details.getByLabel("Country code").fill("N1");
  await details.getByLabel("Invoice e-mail").fill("billing@example.org");
  await details.getByRole("button", { name: "Review the change" }).click();
  await expect(details.getByText("Use the two-letter country code")).toBeVisible();
  await details.getByLabel("Country code").fill("NL");
  await details.getByRole("button", { name: "Review the change" }).click();
  await expect(page.getByRole("heading", { name: /Review: FREE → Standard/ })).toBeVisible();
  await expect(page.getByText("Shop Owner BV, Keizersgracht 1")).toBeVisible();
  await page.getByRole("button", { name: "Confirm upgrade to Standard" }).click();
  await expect(page.getByText("You are on the Standard plan")).toBeVisible();

  // Publish the app from its page; the logbook says what happened.
  await page.getByRole("link", { name: "Go to your apps" }).click();
  await page.getByRole("link", { name: "shop" }).first().click();
  await card(page, "Plan and publishing").getByRole("button", { name: "Publish app" }).click();
  await expect(page).toHaveURL(/\/apps\/shop\/logbook\/[0-9a-f-]{36}$/);
  await expect(page.getByText("finished", { exact: true })).toBeVisible({ timeout: 60_000 });

  // Add a custom domain (Settings): the router serves it; Overview shows the record to point it at.
  await page.goto("/apps/shop/settings");
  const domain = `www-${Date.now().toString(36)}.example.org`;
  const domains = card(page, "Custom domains");
  await domains.getByLabel("Host name").fill(domain);
  await domains.getByRole("button", { name: "Add domain" }).click();
  await expect(domains.getByText(domain)).toBeVisible();
  await page.getByRole("link", { name: "Overview" }).click();
  await expect(card(page, "Plan and publishing").getByText(/CNAME\s+shop-/)).toBeVisible();
  await expect
    .poll(async () => (await getThroughRouter(domain)).body, { timeout: 15_000 })
    .toBe(`served for ${domain}`);

  // Downgrade: the confirmation lists the app that will be unpublished before accepting.
  await page.getByRole("link", { name: "Billing" }).click();
  await expect(page.getByRole("heading", { name: "Billing and usage" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Plan changes" })).toContainText("FREE → STANDARD");
  await page.getByRole("link", { name: "Change plan" }).click();
  await page.getByRole("radio", { name: /^Free/ }).check();
  await page.getByRole("button", { name: "Continue with Free" }).click();
  await expect(page.getByRole("list", { name: "Apps that will be unpublished" })).toHaveText("shop");
  await page.getByRole("button", { name: "Confirm downgrade to Free" }).click();
  await expect(page.getByText("Downgrade scheduled")).toBeVisible();
  // Until the end of the paid period the app stays published and served.
  expect((await getThroughRouter(domain)).status).toBe(200);
});
