import { listAppInstances, type InstanceView } from "@/server/services/apps/app-view";
import { BoundedQueue } from "./async-queue";
import type { LiveHub } from "./live-hub";

export type AppChange = { instances: InstanceView[]; actionsChanged: boolean };

/**
 * The app's instances again whenever one changes state, and whether one of its actions started
 * or ended meanwhile. Changes that arrive together are answered with one read.
 */
export async function* streamAppChanges(options: {
  hub: LiveHub;
  appId: string;
  signal?: AbortSignal;
}): AsyncGenerator<AppChange> {
  const { hub, appId, signal } = options;
  const queue = new BoundedQueue<"instances" | "action-status">(10);
  const off = hub.on((event) => {
    if ((event.kind === "instances" || event.kind === "action-status") && event.appId === appId)
      queue.push(event.kind);
    // The bus was away and may have missed changes: read everything again.
    if (event.kind === "resync") queue.push("action-status");
  });
  try {
    await hub.ready();
    while (!signal?.aborted) {
      const changes = await queue.take(signal);
      if (changes.length === 0) continue;
      yield {
        instances: await listAppInstances(appId),
        // A queue that overflowed may have dropped an action's change: refresh to be sure.
        actionsChanged: changes.some((c) => c.kind === "skipped" || c.value === "action-status"),
      };
    }
  } finally {
    off();
  }
}
