import { describe, expect, it } from "vitest";
import { describeAction, describeRequester, ranAsAction, type DescribedAction } from "./describe-action";

const action = (over: Partial<DescribedAction>): DescribedAction => ({
  kind: "deploy",
  target: "app",
  options: {},
  status: "finished",
  trigger: null,
  ...over,
});

describe("describing actions", () => {
  it("says what each kind of action does in a line", () => {
    expect(describeAction(action({}))).toBe("Deploy");
    expect(describeAction(action({ options: { clean: true } }))).toBe("Deploy, clean");
    expect(describeAction(action({ kind: "rollback", options: { release: 3 } }))).toBe(
      "Rollback to release 3",
    );
    expect(describeAction(action({ kind: "scale", target: "worker", options: { instances: 2 } }))).toBe(
      "Scale (worker) to 2",
    );
    expect(describeAction(action({ kind: "runcommand", options: { command: "ls -l" } }))).toBe(
      "Run command: ls -l",
    );
    expect(describeAction(action({ kind: "somethingnew" }))).toBe("somethingnew");
  });

  it("names changed variables, never their values, with what became of the restart", () => {
    const trigger = { source: "variables" as const, set: ["API_TOKEN"], removed: ["DEBUG"] };
    expect(describeAction(action({ kind: "restart", status: "running", trigger }))).toBe(
      "Variables changed: API_TOKEN set, DEBUG removed — restarting",
    );
    expect(ranAsAction({ kind: "setvars" })).toBe(false);
    expect(ranAsAction({ kind: "restart" })).toBe(true);
  });

  it("says who asked: a person, or a push through the deploy hook", () => {
    expect(describeRequester({ requestedBy: "ann", trigger: null })).toBe("by ann");
    const push = {
      source: "push" as const,
      provider: "github" as const,
      ref: "refs/heads/main",
      commit: null,
    };
    expect(describeRequester({ requestedBy: "ann", trigger: { ...push, pusher: "octo" } })).toBe(
      "push by octo",
    );
    expect(describeRequester({ requestedBy: "ann", trigger: { ...push, pusher: null } })).toBe(
      "push, deployed as ann",
    );
  });
});
