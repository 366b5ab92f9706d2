import { describe, expect, it } from "vitest";
import { describeRoles, isSplit, parseRoles, rolesProblem } from "./roles";

const SHARED = {
  DATABASE_URL: "postgresql://db",
  THIRTY_PG_ADMIN_URL: "postgresql://apps",
  THIRTY_SECRET: "k",
};

describe("[ROLES] THIRTY_ROLES", () => {
  it("runs everything by default and reads lists in any order and case", () => {
    expect([...parseRoles(undefined)]).toEqual(["web", "worker", "runtime"]);
    expect([...parseRoles(" Runtime, worker ")]).toEqual(["runtime", "worker"]);
    expect(isSplit(parseRoles("web"))).toBe(true);
    expect(isSplit(parseRoles("web,worker,runtime"))).toBe(false);
  });

  it("refuses unknown or empty role lists with what to write instead", () => {
    expect(() => parseRoles("web,router")).toThrow(/"router" is not a role; use any of web, worker, runtime/);
    expect(() => parseRoles(" , ")).toThrow(/names no role/);
  });

  it("keeps the worker and the runtime together, and says so", () => {
    expect(rolesProblem(parseRoles("worker"), SHARED)).toMatch(/same process for now.*"worker,runtime"/);
    expect(rolesProblem(parseRoles("web,runtime"), SHARED)).toMatch(/same process for now/);
    expect(rolesProblem(parseRoles("worker,runtime"), SHARED)).toBeNull();
    expect(rolesProblem(parseRoles("web"), SHARED)).toBeNull();
  });

  it("needs the shared database, apps' server and secret key when split, not when whole", () => {
    expect(rolesProblem(parseRoles("web"), {})).toMatch(
      /set DATABASE_URL, THIRTY_PG_ADMIN_URL, THIRTY_SECRET/,
    );
    expect(rolesProblem(parseRoles("web"), { ...SHARED, THIRTY_SECRET: "" })).toMatch(/set THIRTY_SECRET to/);
    expect(rolesProblem(parseRoles(undefined), {})).toBeNull();
    expect(describeRoles(parseRoles("worker,runtime"))).toBe(
      "worker (actions from the queue) + runtime (this machine's instances and router)",
    );
  });
});
