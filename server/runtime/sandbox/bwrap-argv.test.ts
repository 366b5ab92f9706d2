import { describe, expect, it } from "vitest";
import { environmentFile, SANDBOX_ENV_FILE, sandboxCommand } from "./bwrap-argv";

const sandbox = {
  user: { name: "t30-abc", uid: 990, gid: 990 },
  binds: [
    { source: "/data/apps/x/instances/i1", dest: "/app", writable: true },
    { source: "/data/apps/x/releases/1/src", dest: "/app/current" },
  ],
  files: [{ dest: "/tmp/.thirty/askpass", content: "#!/bin/sh\n", mode: 0o555 }],
};

describe("sandboxCommand", () => {
  it("keeps the environment out of argv: it goes through a pipe into the sandbox's tmpfs", () => {
    const { argv, inputs } = sandboxCommand({
      sandbox,
      argv: ["/app/env/bin/python", "-m", "gunicorn"],
      cwd: "/app/current",
      env: { API_TOKEN: "tok-secret-42", "BAD NAME": "x" },
      cgroupProcs: ["/sys/fs/cgroup/memory/thirty/i1/cgroup.procs"],
    });
    expect(argv.join(" ")).not.toContain("tok-secret-42");
    expect(inputs).toEqual(["#!/bin/sh\n", "export API_TOKEN='tok-secret-42'\n"]);
    expect(argv).toContain(SANDBOX_ENV_FILE);
    // The cgroups are joined before bwrap runs; the tenant's argv comes last, as the app user.
    expect(argv.slice(0, 2)).toEqual(["/bin/sh", "-c"]);
    expect(argv.indexOf("/sys/fs/cgroup/memory/thirty/i1/cgroup.procs")).toBeLessThan(
      argv.indexOf("/usr/bin/bwrap"),
    );
    expect(argv).toContain("--reuid=990");
    expect(argv).not.toContain("--unshare-user");
    expect(argv).not.toContain("--new-session");
    expect(argv.slice(-3)).toEqual(["/app/env/bin/python", "-m", "gunicorn"]);
    // Parents bwrap would make 0700 are made 0755 first, once.
    expect(argv.filter((arg) => arg === "/tmp/.thirty").length).toBe(1);
  });

  it("ends a job's sandbox with the platform process, never an instance's", () => {
    const base = { sandbox, argv: ["/bin/true"], cwd: "/app", env: {}, cgroupProcs: [] };
    expect(sandboxCommand(base).argv).toContain("--die-with-parent");
    expect(sandboxCommand({ ...base, dieWithParent: false }).argv).not.toContain("--die-with-parent");
  });

  it("quotes values so the launcher's shell reads them back verbatim", () => {
    expect(environmentFile({ A: "it's $HOME `x`" })).toBe("export A='it'\\''s $HOME `x`'\n");
  });
});
