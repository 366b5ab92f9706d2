import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDeployHarness, logbookText } from "../support/deploy-harness";
import { makeGitRepository } from "../support/git-repository";
import { createTestAccount, trpcAs, uniqueName } from "../support/test-accounts";

let harness: Awaited<ReturnType<typeof startDeployHarness>>;
beforeAll(async () => {
  process.env.THIRTY_CHECK_TIMEOUT_MS = "8000";
  harness = await startDeployHarness();
});
afterAll(async () => {
  delete process.env.THIRTY_CHECK_TIMEOUT_MS;
  await harness.stop();
});

describe("[DEPLOY] a failed deploy's summary", () => {
  it("names the app's own error (a SyntaxError under real gunicorn), not gunicorn's boot trace", async () => {
    const repo = makeGitRepository({
      "app.py": "def application(environ, start_response)\n    return []\n",
      "thirty.ini": "[wsgi]\nentrypoint = app:application\n",
    });
    const caller = await createTestAccount("sum");
    const name = uniqueName("app");
    await trpcAs(caller).apps.create({ name, repository: { location: repo.dir } });
    const logbook = await harness.act(caller, name, { action: "deploy" });
    expect(logbook.status).toBe("error");
    const last = await trpcAs(caller).deploys.last({ app: name });
    const text = logbookText(logbook);
    // On a loaded machine the check may end before the app's error reached the logbook: the
    // summary is then the platform's own message, never a line of gunicorn's boot trace.
    if (text.includes("SyntaxError: expected ':'"))
      expect(last?.firstError, text).toBe("SyntaxError: expected ':'");
    else expect(last?.firstError, text).toMatch(/^Check failed: /);
    expect(last?.failedStage).toBe("Check");
  });
});
