"use client";

import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/trpc/errors";
import { describeAction, describeRequester, ranAsAction } from "@/server/services/actions/describe-action";
import { ActionStatusBadge } from "./action-status-badge";
import { useActionHistory } from "./use-actions";
import { formatElapsed } from "@/lib/format/duration";
import { localDateTime } from "@/lib/local-clock";

export type ActionHistoryProps = {
  appName: string;
  /** The newest few only (the Overview's recent activity, linking to the whole of it). */
  limit?: number;
};

/** The app's actions, newest first, each linking to its logbook. */
export function ActionHistory({ appName, limit }: ActionHistoryProps) {
  const history = useActionHistory(appName);
  const shown = limit ? history.data?.slice(0, limit) : history.data;
  return (
    <Card
      title={limit ? "Recent activity" : "Action history"}
      description={
        limit ? undefined : "Every deploy, scale, restart, command and change of variables, with its logbook."
      }
      actions={
        limit ? (
          <Link
            href={`/apps/${appName}/activity`}
            className="rounded text-sm font-medium text-brand-700 hover:underline"
          >
            All activity
          </Link>
        ) : undefined
      }
    >
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
            <li key={action.id} className="flex items-start justify-between gap-3 py-2 text-sm">
              <div className="min-w-0">
                <Link
                  href={`/apps/${appName}/logbook/${action.id}`}
                  className="font-medium text-brand-700 hover:underline"
                >
                  {describeAction(action)}
                </Link>
                <p className="text-xs text-slate-500">
                  {describeRequester(action)} ·{" "}
                  <time dateTime={action.createdAt.toISOString()}>{localDateTime(action.createdAt)}</time>
                  {ranAsAction(action) && <> · {formatElapsed(action.startedAt, action.finishedAt)}</>}
                  {action.commitSha && (
                    <>
                      {" "}
                      · <span className="font-mono">{action.commitSha.slice(0, 8)}</span>
                    </>
                  )}
                </p>
              </div>
              <span className="shrink-0">
                <ActionStatusBadge status={action.status} cancelRequestedBy={action.cancelRequestedBy} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
