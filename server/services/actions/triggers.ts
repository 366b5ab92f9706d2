/**
 * What queued an action when no person pressed its button: a push through the deploy hook, or
 * a change of variables (which restarts the instances, or is recorded on its own when nothing
 * runs). Stored in the action's `trigger` JSON column; pure, so the dashboard formats it too.
 */
export type PushTrigger = {
  source: "push";
  provider: "github" | "gitea" | "gitlab";
  pusher: string | null;
  ref: string;
  commit: string | null;
};

/** Names only: a variable's value never reaches an action, its logbook or the feed. */
export type VariablesTrigger = {
  source: "variables";
  set: string[];
  removed: string[];
};

export type ActionTrigger = PushTrigger | VariablesTrigger;

const PROVIDER_NAMES: Record<PushTrigger["provider"], string> = {
  github: "GitHub",
  gitea: "Gitea",
  gitlab: "GitLab",
};

function stringList(value: unknown): string[] | null {
  if (!Array.isArray(value)) return null;
  return value.every((item) => typeof item === "string") ? (value as string[]) : null;
}

/** The stored trigger, read back defensively (a JSON column). */
export function parseTrigger(value: unknown): ActionTrigger | null {
  if (typeof value !== "object" || value === null) return null;
  const t = value as Record<string, unknown>;
  if (t.source === "variables") {
    const set = stringList(t.set);
    const removed = stringList(t.removed);
    return set && removed ? { source: "variables", set, removed } : null;
  }
  if (t.source !== "push" || typeof t.ref !== "string") return null;
  if (t.provider !== "github" && t.provider !== "gitea" && t.provider !== "gitlab") return null;
  return {
    source: "push",
    provider: t.provider,
    ref: t.ref,
    pusher: typeof t.pusher === "string" ? t.pusher : null,
    commit: typeof t.commit === "string" ? t.commit : null,
  };
}

function listNames(names: string[], limit: number): string {
  if (names.length <= limit) return names.join(", ");
  return `${names.slice(0, limit).join(", ")} and ${names.length - limit} more`;
}

/**
 * "API_TOKEN set, DEBUG removed": short enough for one line of the feed (a long list ends
 * with "and N more"; the logbook lists every name).
 */
export function summarizeVariables(trigger: VariablesTrigger, limit = 4): string {
  const parts: string[] = [];
  if (trigger.set.length > 0) parts.push(`${listNames(trigger.set, limit)} set`);
  if (trigger.removed.length > 0) parts.push(`${listNames(trigger.removed, limit)} removed`);
  return parts.join(", ") || "no names";
}

/** Every name that changed, for the logbook. */
export function listVariableChanges(trigger: VariablesTrigger): string {
  const parts: string[] = [];
  if (trigger.set.length > 0) parts.push(`set ${trigger.set.join(", ")}`);
  if (trigger.removed.length > 0) parts.push(`removed ${trigger.removed.join(", ")}`);
  return parts.join("; ");
}

/** The logbook's first line for a triggered action: where it came from. */
export function describeTrigger(
  trigger: ActionTrigger,
  context: { requestedBy: string; target: "app" | "worker" },
): string {
  if (trigger.source === "variables") {
    const whose = context.target === "worker" ? "the worker's" : "the app's";
    return `Queued because ${context.requestedBy} changed ${whose} variables (${listVariableChanges(trigger)}): a rolling restart gives the instances the new values.`;
  }
  const branch = trigger.ref.replace(/^refs\/heads\//, "");
  const by = trigger.pusher ? ` by ${trigger.pusher}` : "";
  const commit = trigger.commit ? ` (commit ${trigger.commit.slice(0, 12)})` : "";
  return `Queued by a push to ${branch}${by}${commit}, received from ${PROVIDER_NAMES[trigger.provider]} through the deploy hook.`;
}

/** Why a change of variables restarted nothing (the `reason` option of a `setvars` action). */
export const NOT_RESTARTED = {
  static: {
    short: "nothing to restart",
    long: "A static app runs no processes, so there is nothing to restart.",
  },
  "not-deployed": {
    short: "applies at the first deploy",
    long: "The app has not been deployed yet: its first deploy starts it with these variables.",
  },
  stopped: {
    short: "applies at the next deploy",
    long: "The free tier stopped the app: its next deploy starts it with these variables.",
  },
  paused: {
    short: "applies when scaled up",
    long: "The app is paused (0 instances): scaling it up or deploying starts it with these variables.",
  },
  "worker-paused": {
    short: "applies when the worker is scaled up",
    long: "The worker runs 0 instances: scaling it up or deploying starts it with these variables.",
  },
  "new-worker": {
    short: "applies when the worker starts",
    long: "The worker was just added: it starts with these variables at the app's next deploy.",
  },
  "restart-failed": {
    short: "restart could not be queued",
    long: "The restart could not be queued: press Restart to give the instances the new values.",
  },
} as const;
export type NotRestartedReason = keyof typeof NOT_RESTARTED;

export function notRestartedReason(options: unknown): NotRestartedReason | null {
  const reason = (options as { reason?: unknown } | null)?.reason;
  return typeof reason === "string" && reason in NOT_RESTARTED ? (reason as NotRestartedReason) : null;
}
