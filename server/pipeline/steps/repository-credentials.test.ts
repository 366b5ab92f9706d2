import { describe, expect, it } from "vitest";
import { fetchTools, splitCredentials } from "./repository-credentials";

describe("splitCredentials", () => {
  it("takes user and password out of http(s) URLs only", () => {
    expect(splitCredentials("https://me:p%40ss@git.example.org/r.git")).toEqual({
      location: "https://git.example.org/r.git",
      username: "me",
      password: "p@ss",
    });
    expect(splitCredentials("https://ghp_token@git.example.org/r.git")).toMatchObject({
      location: "https://git.example.org/r.git",
      username: "ghp_token",
      password: "",
    });
    expect(splitCredentials("git@github.com:me/r.git")).toMatchObject({ username: null });
    expect(splitCredentials("ssh://git@host/r.git")).toMatchObject({ location: "ssh://git@host/r.git" });
  });

  it("puts the secrets only into the environment and the sandbox's files", async () => {
    const tools = await fetchTools({
      variant: "mercurial",
      credentials: splitCredentials("https://me:hunter2hunter2@hg.example.org/r"),
      sshKey: null,
      sandboxed: true,
    });
    expect(tools.env.THIRTY_REPO_PASSWORD).toBe("hunter2hunter2");
    expect(tools.env.GIT_ASKPASS).toBe("/tmp/.thirty/askpass");
    const hgrc = tools.files?.find((f) => f.dest === "/tmp/.thirty/hgrc")?.content ?? "";
    expect(hgrc).toContain("thirty.password = hunter2hunter2");
    expect(tools.files?.find((f) => f.dest.endsWith("askpass"))?.content).not.toContain("hunter2");
  });
});
