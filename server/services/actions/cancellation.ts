import { NO_RETURN_MESSAGE, POINT_OF_NO_RETURN_STAGES } from "@/server/pipeline/stage-titles";

// Pure rules the service (which enforces them) and the dashboard (which shows them) share:
// nothing here reads the database, so client components import it as it is.

const ACTIVE: ReadonlySet<string> = new Set(["queued", "running"]);

/** Queued or running: the action has not ended. */
export function isActive(status: string): boolean {
  return ACTIVE.has(status);
}

/** An action that ended with an error because someone asked it to stop reads "cancelled". */
export function shownStatus(action: { status: string; cancelRequestedBy: string | null }): string {
  return action.status === "error" && action.cancelRequestedBy ? "cancelled" : action.status;
}

export const DELETE_NOT_CANCELLABLE = "An app's deletion cannot be cancelled: the app is already gone.";

export function alreadyEndedMessage(status: string): string {
  return `This action already ended (${status}); there is nothing to cancel.`;
}

export type CancelState =
  /** Cancel may be asked for. */
  | { kind: "open" }
  /** Someone asked already; the action is stopping. */
  | { kind: "requested"; by: string }
  /** Cancel is refused, and why. */
  | { kind: "refused"; reason: string };

/**
 * Whether the action can be cancelled now. `stepsSeen` are the stages a live reader has seen
 * begin: it may learn of the switch before the row that records it (`committed`) is read again.
 */
export function cancelState(action: {
  kind: string;
  status: string;
  cancelRequestedBy: string | null;
  committed: boolean;
  stepsSeen?: Iterable<string | null>;
}): CancelState {
  if (!isActive(action.status)) return { kind: "refused", reason: alreadyEndedMessage(action.status) };
  if (action.cancelRequestedBy) return { kind: "requested", by: action.cancelRequestedBy };
  if (action.kind === "delete") return { kind: "refused", reason: DELETE_NOT_CANCELLABLE };
  if (action.committed || pastPointOfNoReturn(action.stepsSeen ?? []))
    return { kind: "refused", reason: NO_RETURN_MESSAGE };
  return { kind: "open" };
}

function pastPointOfNoReturn(steps: Iterable<string | null>): boolean {
  for (const step of steps) if (step !== null && POINT_OF_NO_RETURN_STAGES.has(step)) return true;
  return false;
}
