"use client";

import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import type { EnvChangeOutcome } from "@/server/services/apps/apply-env-change";

export type EnvChangeNoticeProps = { appName: string; outcome: EnvChangeOutcome | null };

/** What saving variables did: a rolling restart to follow, or why nothing was restarted. */
export function EnvChangeNotice({ appName, outcome }: EnvChangeNoticeProps) {
  return (
    <div aria-live="polite">
      {outcome && (
        <Alert tone="info">
          {outcome.note}{" "}
          <Link href={`/apps/${appName}/logbook/${outcome.logbookId}`} className="font-medium underline">
            {outcome.restartQueued ? "Follow the restart" : "Open its logbook"}
          </Link>
        </Alert>
      )}
    </div>
  );
}
