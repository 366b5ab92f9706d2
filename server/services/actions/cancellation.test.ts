import { describe, expect, it } from "vitest";
import { NO_RETURN_MESSAGE } from "@/server/pipeline/stage-titles";
import { cancelState, DELETE_NOT_CANCELLABLE, isActive, shownStatus } from "./cancellation";

const running = { kind: "deploy", status: "running", cancelRequestedBy: null, committed: false };

describe("cancelling actions", () => {
  it("reads an action stopped on request as cancelled, any other ending as it is", () => {
    expect(shownStatus({ status: "error", cancelRequestedBy: "ann" })).toBe("cancelled");
    expect(shownStatus({ status: "error", cancelRequestedBy: null })).toBe("error");
    // Asked to stop, but it finished first: it did what it was asked to.
    expect(shownStatus({ status: "finished", cancelRequestedBy: "ann" })).toBe("finished");
    expect(isActive("queued") && isActive("running")).toBe(true);
    expect(isActive("finished") || isActive("error")).toBe(false);
  });

  it("allows a cancel before the point of no return, and says why not after it or once it ended", () => {
    expect(cancelState(running)).toEqual({ kind: "open" });
    expect(cancelState({ ...running, status: "queued" })).toEqual({ kind: "open" });
    expect(cancelState({ ...running, cancelRequestedBy: "ann" })).toEqual({ kind: "requested", by: "ann" });
    expect(cancelState({ ...running, committed: true })).toEqual({
      kind: "refused",
      reason: NO_RETURN_MESSAGE,
    });
    // A live reader may see the switch begin before the row says so.
    expect(cancelState({ ...running, stepsSeen: [null, "fetch", "build"] })).toEqual({ kind: "open" });
    expect(cancelState({ ...running, stepsSeen: ["fetch", "switch"] })).toEqual({
      kind: "refused",
      reason: NO_RETURN_MESSAGE,
    });
    expect(cancelState({ ...running, kind: "delete" })).toEqual({
      kind: "refused",
      reason: DELETE_NOT_CANCELLABLE,
    });
    expect(cancelState({ ...running, status: "finished" })).toEqual({
      kind: "refused",
      reason: "This action already ended (finished); there is nothing to cancel.",
    });
  });
});
