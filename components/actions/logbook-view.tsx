"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { Breadcrumbs } from "@/components/layout/breadcrumbs";
import { useState } from "react";
import { LogTerminal, TerminalSink, formatLogbookLine } from "@/components/terminal/log-terminal";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";
import { cancelState, isActive } from "@/server/services/actions/cancellation";
import { describeAction, describeRequester, ranAsAction } from "@/server/services/actions/describe-action";
import type { LogbookMessageView } from "@/server/services/actions/logbook";
import { ActionStatusBadge } from "./action-status-badge";
import { StageList } from "./stage-list";
import { formatElapsed } from "@/lib/format/duration";
import { localDateTime } from "@/lib/local-clock";

/**
 * One action's logbook, streamed: the stages beside a terminal that fills as the action runs.
 * A dropped connection resumes after the last message it showed (no gap, no repeat).
 * Without `appName` it is the account's view of it (an app's deletion, whose app is gone).
 */
export function LogbookView({ appName, id }: { appName?: string; id: string }) {
  const trpc = useTRPC();
  const [panel] = useState(() => new TerminalSink());
  const [messages, setMessages] = useState<LogbookMessageView[]>([]);
  const [status, setStatus] = useState<string | null>(null);
  const [cancelError, setCancelError] = useState<string | null>(null);
  const summary = useQuery(trpc.actions.get.queryOptions({ id }));
  const app = useQuery({ ...trpc.apps.get.queryOptions({ name: appName ?? "" }), enabled: !!appName });
  const cancel = useMutation(
    trpc.actions.cancel.mutationOptions({ onSuccess: () => void summary.refetch() }),
  );
  const stream = useSubscription(
    trpc.live.logbook.subscriptionOptions(
      { id },
      {
        onData: ({ data }) => {
          if (data.type === "status") {
            setStatus(data.status);
            if (!isActive(data.status)) void summary.refetch();
            return;
          }
          const message: LogbookMessageView = {
            id: data.message.id,
            asctime: new Date(data.message.asctime),
            loglevel: data.message.loglevel,
            message: data.message.message,
            step: data.message.step,
          };
          panel.append([formatLogbookLine(message)]);
          setMessages((current) => [...current, message]);
        },
      },
    ),
  );

  if (summary.isPending)
    return (
      <p className="flex items-center gap-2 text-sm text-slate-500">
        <Spinner label="Loading logbook" /> Loading the logbook…
      </p>
    );
  if (summary.isError) return <Alert tone="error">{errorMessage(summary.error)}</Alert>;
  const view = summary.data;
  const current = status ?? view.status;
  const active = isActive(current);
  // The stream may tell of the switch before the summary is read again.
  const cancelling = cancelState({ ...view, status: current, stepsSeen: messages.map((m) => m.step) });
  const refusal = cancelling.kind === "refused" ? cancelling.reason : null;
  return (
    <div className="space-y-6">
      {appName ? (
        <Breadcrumbs appName={appName} page="Logbook" />
      ) : (
        <Breadcrumbs appName={view.appName} page="Logbook" gone />
      )}
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h2 className="text-xl font-semibold text-slate-900">
            {describeAction({ ...view, status: current })}
          </h2>
          <p className="mt-1 text-sm text-slate-500">
            Requested {describeRequester(view)} at {localDateTime(view.createdAt)}
            {ranAsAction(view) && <> · {formatElapsed(view.startedAt, view.finishedAt)}</>}
            {view.commitSha && (
              <>
                {" "}
                · commit <span className="font-mono">{view.commitSha.slice(0, 12)}</span> {view.commitMessage}
              </>
            )}
          </p>
        </div>
        <div className="flex items-center gap-2">
          <span aria-live="polite">
            <ActionStatusBadge status={current} cancelRequestedBy={view.cancelRequestedBy} />
          </span>
          {active && (
            <Button
              variant="danger"
              size="sm"
              loading={cancel.isPending}
              disabled={cancelling.kind !== "open"}
              aria-describedby={refusal ? "cancel-refused" : undefined}
              title={refusal ?? undefined}
              onClick={() => {
                setCancelError(null);
                cancel.mutate({ id }, { onError: (e) => setCancelError(errorMessage(e)) });
              }}
            >
              {cancelling.kind === "requested" ? "Cancelling…" : "Cancel"}
            </Button>
          )}
          {current === "finished" && view.kind === "deploy" && app.data && (
            <a
              href={app.data.url}
              target="_blank"
              rel="noreferrer"
              className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700"
            >
              Open the app
            </a>
          )}
        </div>
      </header>
      {active && refusal && (
        <p id="cancel-refused" className="text-sm text-slate-600">
          {refusal}
        </p>
      )}
      {cancelError && <Alert tone="error">{cancelError}</Alert>}
      {stream.status === "error" && (
        <Alert tone="error">The live connection failed: {errorMessage(stream.error)}</Alert>
      )}
      <div className="grid gap-6 lg:grid-cols-[16rem_1fr]">
        <Card title="Stages">
          <StageList messages={messages} status={current} />
          {messages.length === 0 && <p className="text-sm text-slate-500">Waiting for the queue…</p>}
        </Card>
        <LogTerminal
          ref={(handle) => panel.attach(handle)}
          label="Logbook output"
          className="h-[28rem]"
          downloadName={`logbook-${id}.txt`}
        />
      </div>
    </div>
  );
}
