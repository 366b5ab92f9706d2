"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useQueueAction } from "@/components/actions/use-actions";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";
import { localDateTime } from "@/lib/local-clock";

export type ReleasesCardProps = { appName: string };

/** The kept releases, newest first; any but the running one can be rolled back to. */
export function ReleasesCard({ appName }: ReleasesCardProps) {
  const trpc = useTRPC();
  const releases = useQuery(trpc.releases.list.queryOptions({ app: appName }));
  const queue = useQueueAction(appName);
  const [error, setError] = useState<string | null>(null);
  return (
    <Card
      title="Releases"
      description="Kept releases switch back in without fetching or building, with the same health check as a deploy."
    >
      <div aria-live="polite">{error && <Alert tone="error">{error}</Alert>}</div>
      {releases.isPending ? (
        <p className="flex items-center gap-2 text-sm text-slate-500">
          <Spinner label="Loading releases" /> Loading…
        </p>
      ) : releases.isError ? (
        <Alert tone="error">{errorMessage(releases.error)}</Alert>
      ) : releases.data.length === 0 ? (
        <p className="text-sm text-slate-500">No releases yet: each successful deploy keeps one.</p>
      ) : (
        <ul className="divide-y divide-slate-100" aria-label="Releases">
          {releases.data.map((release) => (
            <li
              key={release.number}
              className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm"
            >
              <div className="min-w-0">
                <p className="font-medium text-slate-900">
                  Release {release.number}{" "}
                  <span className="font-mono text-xs text-slate-500">{release.commitSha.slice(0, 8)}</span>{" "}
                  {release.current && <Badge tone="green">running</Badge>}
                </p>
                <p className="break-words text-xs text-slate-500">
                  {release.commitMessage || "(no message)"} · {localDateTime(release.createdAt)}
                  {release.deployedBy && <> · by {release.deployedBy}</>}
                </p>
              </div>
              {!release.current && (
                <Button
                  variant="secondary"
                  size="sm"
                  disabled={queue.isPending}
                  onClick={() => {
                    setError(null);
                    queue.mutate(
                      {
                        app: appName,
                        target: "app",
                        request: { action: "rollback", options: { release: release.number } },
                      },
                      { onError: (e) => setError(errorMessage(e)) },
                    );
                  }}
                >
                  Roll back to release {release.number}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
