import {
  NOT_RESTARTED,
  notRestartedReason,
  summarizeVariables,
  type ActionTrigger,
  type VariablesTrigger,
} from "./triggers";

// How an action reads in the activity feed and at the top of its logbook. Pure: the dashboard
// imports it as it is, and any other transport that describes actions says the same.

const LABELS: Record<string, string> = {
  deploy: "Deploy",
  scale: "Scale",
  restart: "Restart",
  runcommand: "Run command",
  djangocommand: "Django command",
  rollback: "Rollback",
  publish: "Publish",
  unpublish: "Unpublish",
  freestop: "Free-tier stop",
  delete: "Delete app",
  setvars: "Variables changed",
};

const RESTART_PROGRESS: Record<string, string> = {
  queued: "restart queued",
  running: "restarting",
  finished: "restarted",
  error: "restart failed",
};

export type DescribedAction = {
  kind: string;
  target: string;
  options: unknown;
  status: string;
  trigger: ActionTrigger | null;
};

/** "Variables changed: API_TOKEN set, DEBUG removed — restart queued" (names only, never values). */
function describeVariablesChange(action: DescribedAction, trigger: VariablesTrigger): string {
  const worker = action.target === "worker" ? " (worker)" : "";
  const outcome =
    action.kind === "restart"
      ? (RESTART_PROGRESS[action.status] ?? "restart")
      : NOT_RESTARTED[notRestartedReason(action.options) ?? "not-deployed"].short;
  return `Variables changed${worker}: ${summarizeVariables(trigger)} — ${outcome}`;
}

/** Whether the entry ran (and so has a duration): a recorded change of variables did not. */
export function ranAsAction(action: { kind: string }): boolean {
  return action.kind !== "setvars";
}

/** "Deploy, clean", "Scale to 3", "Run command: …": what the action does, in a line. */
export function describeAction(action: DescribedAction): string {
  if (action.trigger?.source === "variables") return describeVariablesChange(action, action.trigger);
  const options = (action.options ?? {}) as Record<string, unknown>;
  const base = `${LABELS[action.kind] ?? action.kind}${action.target === "worker" ? " (worker)" : ""}`;
  if (action.kind === "deploy" && options.clean) return `${base}, clean`;
  if (action.kind === "rollback") return `${base} to release ${String(options.release)}`;
  if (action.kind === "scale") return `${base} to ${String(options.instances)}`;
  if (action.kind === "runcommand" || action.kind === "djangocommand")
    return `${base}: ${String(options.command)}`;
  return base;
}

/** Who queued an action, as the feed says it: a person, or a push through the deploy hook. */
export function describeRequester(action: { requestedBy: string; trigger: ActionTrigger | null }): string {
  if (action.trigger?.source !== "push") return `by ${action.requestedBy}`;
  return action.trigger.pusher
    ? `push by ${action.trigger.pusher}`
    : `push, deployed as ${action.requestedBy}`;
}
