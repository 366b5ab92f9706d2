import type { AppContext, ReleaseRecord } from "../app-context";
import type { ActionContext } from "../context";
import type { RolloutContext, StageRunner } from "../rollout";
export { withinStage } from "../rollout";
import { StepFailure } from "../step-failure";

export async function requireCurrentRelease(ctx: ActionContext, app: AppContext): Promise<string> {
  if (!app.currentReleaseId) throw new StepFailure("The app has not been deployed yet: deploy it first.");
  return app.currentReleaseId;
}

/**
 * A rollout carried out by an action: its logbook and cancel signal, and its stages — or, for
 * actions that show one stage (scale, restart), every step inside that stage.
 */
export function actionRollout(
  ctx: ActionContext,
  app: AppContext,
  release: ReleaseRecord,
  stage: StageRunner = ctx.stage,
): RolloutContext {
  return {
    runtime: ctx.runtime,
    app,
    release,
    stage,
    signal: ctx.signal,
    logbook: ctx.logbook,
    pointOfNoReturn: ctx.pointOfNoReturn,
  };
}
