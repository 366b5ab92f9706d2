/** A pipeline stage failed for a reason the user can act on; the message says what to do. */
export class StepFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StepFailure";
  }
}

/** The action was cancelled by a user; cleanup runs, the message names who cancelled. */
export class ActionCancelled extends Error {
  constructor(readonly by: string) {
    super(`Cancelled by ${by}.`);
    this.name = "ActionCancelled";
  }
}
