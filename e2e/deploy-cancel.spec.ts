import { expect, test, type Page } from "@playwright/test";
import { NO_RETURN_MESSAGE } from "../server/pipeline/stage-titles";
import { signUpViaForm } from "./helpers/accounts";
import { commitAppPy, createAppViaForm, deployViaButton, wsgiRepository } from "./helpers/apps";
import { appWithHeldRequests, gatedHook, startGate, type Gate } from "./helpers/gate";
import { ROUTER_PORT } from "./helpers/ports";
import { getThroughRouter } from "./helpers/router";

// Each test deploys twice (a first release, then one held in its postinstall hook).
test.describe.configure({ timeout: 240_000 });

let gate: Gate;
test.beforeEach(async () => {
  gate = await startGate();
});
test.afterEach(async () => {
  await gate.close();
});

function card(page: Page, title: string) {
  return page.getByRole("region", { name: title, exact: true });
}

/**
 * An app of a new account serving "v1" (release 1), with v2 committed whose postinstall hook
 * waits at the gate; ends on the logbook of v2's deploy, held in Postinstall, before the switch.
 */
async function deployHeldBeforeSwitch(page: Page, name: string) {
  const who = await signUpViaForm(page);
  const repo = wsgiRepository(appWithHeldRequests(gate, "v1"));
  await createAppViaForm(page, name, repo);
  await deployViaButton(page);
  commitAppPy(repo, appWithHeldRequests(gate, "v2"), "v2, after a long migration", {
    postinstall: gatedHook(gate),
  });
  await page.goto(`/apps/${name}`);
  await page.getByRole("button", { name: "Deploy", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/apps/${name}/logbook/[0-9a-f-]{36}$`));
  const terminal = page.getByRole("log", { name: "Logbook output" });
  // Fetch, build, start and check come first, on a machine that may be busy.
  await expect(terminal).toContainText("waiting at the gate", { timeout: 120_000 });
  const cancel = page.getByRole("button", { name: "Cancel", exact: true });
  await expect(cancel).toBeEnabled();
  await expect(cancel).toHaveAccessibleDescription("");
  await expect(cancel).not.toHaveAttribute("title");
  return { who, terminal, cancel, host: `${name}-${who.account}.localhost` };
}

test("[CANCEL]: Cancel before the switch ends the deploy cancelled; the running release keeps serving", async ({
  page,
}) => {
  const { who, terminal, cancel, host } = await deployHeldBeforeSwitch(page, "steady");

  await cancel.click();
  await expect(page.getByText("cancelled", { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(terminal).toContainText(`Cancelled by ${who.username}. The running app is untouched.`);
  await expect(terminal).toContainText("the running release keeps serving");
  await expect(terminal).not.toContainText("through the gate");
  // The Cancel button went with the deploy's end.
  await expect(cancel).toHaveCount(0);

  expect(await getThroughRouter(ROUTER_PORT, host)).toEqual({ status: 200, body: "v1" });
  await page.goto("/apps/steady");
  const instances = card(page, "Instances");
  await expect(instances.getByText(/^Release 1: /)).toBeVisible();
  // v2's instance, started beside it for the check, is gone again.
  await expect(instances.getByRole("listitem")).toHaveCount(1);
  await expect(instances.getByText("App instance 1")).toBeVisible();
});

test("[CANCEL]: once the deploy begins its switch, Cancel is greyed out and says why", async ({ page }) => {
  const { cancel, terminal, host } = await deployHeldBeforeSwitch(page, "onward");

  // A request in flight on release 1 keeps the switch draining it (up to the router's drain
  // time), so the deploy stays past its point of no return long enough to be looked at.
  const held = getThroughRouter(ROUTER_PORT, host, "/hold").catch((error: unknown) => error);
  await expect.poll(() => gate.held(), { timeout: 30_000 }).toBe(1);
  gate.open();

  await expect(cancel).toBeDisabled({ timeout: 30_000 });
  await expect(cancel).toHaveAccessibleDescription(NO_RETURN_MESSAGE);
  await expect(cancel).toHaveAttribute("title", NO_RETURN_MESSAGE);
  await expect(cancel).toHaveCSS("cursor", "not-allowed");
  await expect(terminal).toContainText("==> Switch");
  await page.screenshot({ path: "test-results/cancel-refused.png" });

  await expect(page.getByText("finished", { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(terminal).toContainText("Release 2 is live");
  expect(await getThroughRouter(ROUTER_PORT, host)).toEqual({ status: 200, body: "v2" });
  // The held request ended with its instance; how (an error page, a broken connection) is
  // the router's business.
  await held;
});
