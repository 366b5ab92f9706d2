import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import type { AppView } from "@/server/services/apps/app-view";

const TONES = { running: "green", starting: "amber", restarting: "amber", failed: "red" } as const;

/** What runs right now: each instance with its state, and the release it runs. */
export function InstancesCard({ app }: { app: AppView }) {
  return (
    <Card
      title="Instances"
      description={
        app.release
          ? `Release ${app.release.number}: ${app.release.commitSha.slice(0, 8)} ${app.release.commitMessage}`
          : "Nothing deployed yet."
      }
    >
      {app.liveInstances.length === 0 ? (
        <p className="text-sm text-slate-500">
          {app.release
            ? app.variant === "static"
              ? "A static app has no processes: the router serves its files."
              : "No instances are running (the app is paused)."
            : "Deploy the app to start its instances."}
        </p>
      ) : (
        <ul className="divide-y divide-slate-100" aria-label="Running instances">
          {app.liveInstances.map((instance) => (
            <li key={instance.id} className="flex items-center justify-between gap-2 py-2 text-sm">
              <span>
                {instance.kind === "worker" ? "Worker" : "App"} instance {instance.number}
                {instance.port && (
                  <span className="ml-2 font-mono text-xs text-slate-500">:{instance.port}</span>
                )}
                {instance.detail && <span className="block text-xs text-red-600">{instance.detail}</span>}
              </span>
              <Badge tone={TONES[instance.state as keyof typeof TONES] ?? "neutral"}>{instance.state}</Badge>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
