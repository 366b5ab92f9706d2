import { describe, expect, it } from "vitest";
import { locationSecrets, maskLocation, redactSecrets } from "./mask";

describe("maskLocation", () => {
  it("hides the password in an https URL", () => {
    expect(maskLocation("https://bob:s3cret@git.example.org/team/app.git")).toBe(
      "https://bob:****@git.example.org/team/app.git",
    );
  });
  it("leaves URLs without a password alone", () => {
    expect(maskLocation("https://git.example.org/app.git")).toBe("https://git.example.org/app.git");
    expect(maskLocation("ssh://git@example.org/app.git")).toBe("ssh://git@example.org/app.git");
    expect(maskLocation("git@example.org:team/app.git")).toBe("git@example.org:team/app.git");
    expect(maskLocation("/srv/repos/app")).toBe("/srv/repos/app");
  });
  it("hides a password that contains odd characters", () => {
    expect(maskLocation("https://bob:p%40ss:w0rd@host/x")).toBe("https://bob:****@host/x");
  });
});

describe("maskLocation with a token as the user name", () => {
  it("hides a token given as the URL's user name", () => {
    expect(maskLocation("https://ghp_abcdef123456@github.com/team/app.git")).toBe(
      "https://****@github.com/team/app.git",
    );
    expect(maskLocation("http://glpat-xyz@gitlab.example.org/x")).toBe("http://****@gitlab.example.org/x");
    expect(maskLocation("git://tok3n@host/x")).toBe("git://****@host/x");
  });
  it("keeps the user and hides the password", () => {
    expect(maskLocation("https://user:pass@host/x")).toBe("https://user:****@host/x");
    expect(maskLocation("https://oauth2:tok@host")).toBe("https://oauth2:****@host");
  });
  it("takes the last @ as the end of the credentials", () => {
    expect(maskLocation("https://bob:p@ss@host/x")).toBe("https://bob:****@host/x");
    expect(maskLocation("https://bob:p@ss@host/x")).not.toContain("ss@host/x@");
  });
  it("leaves ssh user names and paths with @ alone", () => {
    expect(maskLocation("ssh://git@example.org/app.git")).toBe("ssh://git@example.org/app.git");
    expect(maskLocation("git+ssh://deploy@example.org/app.git")).toBe("git+ssh://deploy@example.org/app.git");
    expect(maskLocation("git@example.org:team/app.git")).toBe("git@example.org:team/app.git");
    expect(maskLocation("https://host/users/@me/app.git")).toBe("https://host/users/@me/app.git");
  });
  it("names the secrets to redact from output", () => {
    expect(locationSecrets("https://ghp_tok%40en@github.com/x")).toEqual(["ghp_tok%40en", "ghp_tok@en"]);
    expect(locationSecrets("https://bob:pw@h/x")).toEqual(["pw", "pw"]);
    expect(locationSecrets("ssh://git@h/x")).toEqual([]);
    expect(locationSecrets("git@h:x")).toEqual([]);
  });
});

describe("redactSecrets", () => {
  it("replaces each secret everywhere", () => {
    expect(redactSecrets("clone https://bob:hunter2@h failed: hunter2", ["hunter2"])).toBe(
      "clone https://bob:****@h failed: ****",
    );
  });
});
