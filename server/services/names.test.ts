import { describe, expect, it } from "vitest";
import { ZAccountName, ZAppName, ZEmail, ZPassword } from "./names";

function firstMessage(result: { success: boolean; error?: { issues: { message: string }[] } }): string {
  return result.error?.issues[0]?.message ?? "";
}

describe("DNS-safe names", () => {
  it("accepts lowercase names with digits and hyphens", () => {
    expect(ZAppName.parse("blog-2")).toBe("blog-2");
    expect(ZAccountName.parse("acme")).toBe("acme");
  });
  it("explains what is wrong with a bad name", () => {
    expect(firstMessage(ZAppName.safeParse("Blog"))).toBe("App name must be lowercase.");
    expect(firstMessage(ZAppName.safeParse("my_blog"))).toMatch(/only lowercase letters, digits and hyphens/);
    expect(firstMessage(ZAppName.safeParse("-blog"))).toMatch(/start with a letter/);
    expect(firstMessage(ZAppName.safeParse("blog-"))).toMatch(/cannot end with a hyphen/);
    expect(firstMessage(ZAppName.safeParse("a"))).toBe("App name must be at least 2 characters.");
    expect(firstMessage(ZAppName.safeParse("x".repeat(31)))).toBe("App name can be at most 30 characters.");
    expect(firstMessage(ZAppName.safeParse("a--b"))).toMatch(/two hyphens/);
  });
  it("reserves names that collide with API paths", () => {
    expect(firstMessage(ZAccountName.safeParse("signup"))).toMatch(/reserved/);
  });
  it("checks emails and passwords", () => {
    expect(ZEmail.parse(" Bob@Example.org ")).toBe("bob@example.org");
    expect(ZEmail.safeParse("bob").success).toBe(false);
    expect(firstMessage(ZPassword.safeParse("short"))).toBe("Passwords must be at least 8 characters.");
  });
});
