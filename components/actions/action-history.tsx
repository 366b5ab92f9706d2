"use client";

import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/trpc/errors";
import { ActionStatusBadge } from "./action-status-badge";
import { useActionHistory } from "./use-actions";

export function formatDuration(start: Date | null, end: Date | null): string {
  if (!start) return "—";
  const seconds = ((end ?? new Date()).getTime() - start.getTime()) / 1000;
  return seconds < 60
    ? `${seconds.toFixed(1)} s`
    : `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

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
};

export function describeAction(action: { kind: string; target: string; options: unknown }): string {
  const options = (action.options ?? {}) as Record<string, unknown>;
  const base = `${LABELS[action.kind] ?? action.kind}${action.target === "worker" ? " (worker)" : ""}`;
  if (action.kind === "deploy" && options.clean) return `${base}, clean`;
  if (action.kind === "rollback") return `${base} to release ${String(options.release)}`;
  if (action.kind === "scale") return `${base} to ${String(options.instances)}`;
  if (action.kind === "runcommand" || action.kind === "djangocommand")
    return `${base}: ${String(options.command)}`;
  return base;
}

/** The app's actions, newest first, each linking to its logbook. */
export function ActionHistory({ appName, limit }: { appName: string; limit?: number }) {
  const history = useActionHistory(appName);
  const shown = limit ? history.data?.slice(0, limit) : history.data;
  return (
    <Card title="Action history" description="Every deploy, scale, restart and command, with its logbook.">
      {history.isPending ? (
        <p className="flex items-center gap-2 text-sm text-slate-500">
          <Spinner label="Loading actions" /> Loading…
        </p>
      ) : history.isError ? (
        <Alert tone="error">{errorMessage(history.error)}</Alert>
      ) : !shown || shown.length === 0 ? (
        <p className="text-sm text-slate-500">
          No actions yet. Deploy the app to see its first logbook here.
        </p>
      ) : (
        <ul className="divide-y divide-slate-100" aria-label="Actions">
          {shown.map((action) => (
            <li key={action.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
              <div className="min-w-0">
                <Link
                  href={`/apps/${appName}/logbook/${action.id}`}
                  className="font-medium text-brand-700 hover:underline"
                >
                  {describeAction(action)}
                </Link>
                <p className="text-xs text-slate-500">
                  by {action.requestedBy} ·{" "}
                  <time dateTime={action.createdAt.toISOString()}>{action.createdAt.toLocaleString()}</time> ·{" "}
                  {formatDuration(action.startedAt, action.finishedAt)}
                  {action.commitSha && (
                    <>
                      {" "}
                      · <span className="font-mono">{action.commitSha.slice(0, 8)}</span>
                    </>
                  )}
                </p>
              </div>
              <ActionStatusBadge status={action.status} cancelRequestedBy={action.cancelRequestedBy} />
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
