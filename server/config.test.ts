import { afterEach, describe, expect, it } from "vitest";
import { getConfig, isolationProblem } from "./config";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe("isolationProblem", () => {
  it("refuses open sign-up without root, unless single-tenant is said out loud", () => {
    process.env.THIRTY_SIGNUP = "open";
    delete process.env.THIRTY_SINGLE_TENANT;
    expect(isolationProblem(getConfig(), false)).toMatch(/not running as root.*THIRTY_SINGLE_TENANT=1/s);
    expect(isolationProblem(getConfig(), true)).toBeNull();
    process.env.THIRTY_SINGLE_TENANT = "1";
    expect(isolationProblem(getConfig(), false)).toBeNull();
    delete process.env.THIRTY_SINGLE_TENANT;
    process.env.THIRTY_SIGNUP = "closed";
    expect(isolationProblem(getConfig(), false)).toBeNull();
  });
});
