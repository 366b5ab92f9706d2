import { describe, expect, it } from "vitest";
import { diffEnvValues } from "./env-changes";

const vars = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe("[VARIABLES] diffEnvValues", () => {
  it("names what was added, changed and removed, sorted, and never a value", () => {
    const change = diffEnvValues(
      vars({ KEEP: "same", DEBUG: "1", API_TOKEN: "old-token" }),
      vars({ KEEP: "same", API_TOKEN: "new-token", ZED: "z", ADDED: "a" }),
    );
    expect(change).toEqual({ source: "variables", set: ["ADDED", "API_TOKEN", "ZED"], removed: ["DEBUG"] });
    expect(JSON.stringify(change)).not.toMatch(/token|same|"1"|"z"|"a"/);
  });

  it("is null when the instances would see the same values", () => {
    expect(diffEnvValues(vars({ A: "1" }), vars({ A: "1" }))).toBeNull();
    expect(diffEnvValues(vars({}), vars({}))).toBeNull();
  });

  it("counts an empty value as set, and a variable emptied as changed", () => {
    expect(diffEnvValues(vars({}), vars({ EMPTY: "" }))).toEqual({
      source: "variables",
      set: ["EMPTY"],
      removed: [],
    });
    expect(diffEnvValues(vars({ A: "x" }), vars({ A: "" }))?.set).toEqual(["A"]);
  });
});
