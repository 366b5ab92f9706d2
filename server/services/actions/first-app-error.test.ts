import { describe, expect, it } from "vitest";
import { firstAppError } from "./first-app-error";

describe("firstAppError", () => {
  it("picks the app's exception, not gunicorn's boot trace", () => {
    const failure = [
      "Check failed: Instance 1 failed its health check: its process exited. Check the wsgi entrypoint.",
      "Its last output:",
      "gunicorn: [2026-11-27 04:18:45 +0000] [3] [ERROR] Exception in worker process",
      "gunicorn: Traceback (most recent call last):",
      'gunicorn:   File "/app/current/app.py", line 1',
      "gunicorn:     def application(e, s)",
      "gunicorn:                          ^",
      "gunicorn: SyntaxError: expected ':'",
      "gunicorn: gunicorn.errors.HaltServer: <HaltServer 'Worker failed to boot.' 3>",
      "gunicorn: [2026-11-27 04:18:46 +0000] [2] [INFO] Reason: Worker failed to boot.",
      "gunicorn: gunicorn exited with code 3; restarting in 0.1 s",
    ].join("\n");
    expect(firstAppError(["==> Check", failure])).toBe("SyntaxError: expected ':'");
    expect(
      firstAppError([
        "Check failed: Instance 1 failed its health check: its process exited.\nIts last output:",
        "gunicorn: gunicorn.errors.HaltServer: <HaltServer 'Worker failed to boot.' 3>",
      ]),
    ).toBe("Check failed: Instance 1 failed its health check: its process exited.");
  });

  it("reads dotted exception names and other error lines, and falls back to the platform's message", () => {
    expect(
      firstAppError(["web: django.core.exceptions.ImproperlyConfigured: SECRET_KEY must not be empty"]),
    ).toBe("django.core.exceptions.ImproperlyConfigured: SECRET_KEY must not be empty");
    expect(
      firstAppError([
        "==> Build",
        "ERROR: Could not find a version that satisfies the requirement nothing==1",
        "Build failed: pip install failed (exit 1).",
      ]),
    ).toBe("ERROR: Could not find a version that satisfies the requirement nothing==1");
    expect(
      firstAppError(["Check failed: Instance 1 failed its health check: it did not answer HTTP within 4 s."]),
    ).toBe("Check failed: Instance 1 failed its health check: it did not answer HTTP within 4 s.");
    expect(firstAppError(["==> Fetch", "Fetch done."])).toBeNull();
  });
});
