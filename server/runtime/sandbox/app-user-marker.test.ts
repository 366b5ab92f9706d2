import { describe, expect, it } from "vitest";
import { claimMarker, formatMarker, parseMarker, probeSandboxId, subjectOf } from "./app-user-marker";

const A = { runtimeId: "11111111-1111-4111-8111-111111111111", dataDir: "/srv/thirty" };
const B = { runtimeId: "22222222-2222-4222-8222-222222222222", dataDir: "/tmp/run 1/data:x,y" };

describe("app user markers", () => {
  it("names the app and its runtimes, and reads back what it wrote (odd data dirs included)", () => {
    const comment = formatMarker({ subject: { kind: "app", id: "cmabc123xyz" }, owners: [A, B] });
    expect(comment).not.toMatch(/[:,\n]/);
    expect(comment).toBe(
      "thirtyloops app=cmabc123xyz owner=11111111-1111-4111-8111-111111111111@/srv/thirty " +
        "owner=22222222-2222-4222-8222-222222222222@/tmp/run%201/data%3Ax%2Cy",
    );
    expect(parseMarker(comment)).toEqual({ subject: { kind: "app", id: "cmabc123xyz" }, owners: [A, B] });
  });

  it("reads nothing from a comment it did not write", () => {
    for (const comment of [
      "",
      "Debian user",
      "thirtyloops app=x",
      "thirtyloops app=x owner=not-a-runtime@/srv",
      "thirtyloops app=x owner=11111111-1111-4111-8111-111111111111@relative",
      "thirtyloops app=../x owner=11111111-1111-4111-8111-111111111111@/srv",
      "thirtyloops host=x owner=11111111-1111-4111-8111-111111111111@/srv",
    ])
      expect(parseMarker(comment), comment).toBeNull();
  });

  it("adds a runtime to the owners once, and claims a user that carries no marker", () => {
    const app = { kind: "app" as const, id: "cmabc123xyz" };
    const first = claimMarker("", app, A);
    expect(parseMarker(first)?.owners).toEqual([A]);
    expect(claimMarker(first, app, A)).toBe(first);
    expect(parseMarker(claimMarker(first, app, B))?.owners).toEqual([A, B]);
    expect(parseMarker(claimMarker("Debian user", app, B))).toEqual({ subject: app, owners: [B] });
  });

  it("tells a connection test's sandbox from an app's", () => {
    const id = probeSandboxId("6f1c8f5e-1d2b-4c2a-9d59-3a1f8b2c7e10");
    expect(subjectOf(id)).toEqual({ kind: "probe", id: "6f1c8f5e-1d2b-4c2a-9d59-3a1f8b2c7e10" });
    expect(subjectOf("cmabc123xyz")).toEqual({ kind: "app", id: "cmabc123xyz" });
  });
});
