import { describe, expect, it } from "vitest";
import { maskLocation, redactSecrets } from "./mask";

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

describe("redactSecrets", () => {
  it("replaces each secret everywhere", () => {
    expect(redactSecrets("clone https://bob:hunter2@h failed: hunter2", ["hunter2"])).toBe(
      "clone https://bob:****@h failed: ****",
    );
  });
});
