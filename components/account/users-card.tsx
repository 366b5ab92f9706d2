"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/trpc/errors";
import { useAccountUsers } from "./use-account";
import { UserRow } from "./user-row";

export function UsersCard() {
  const { users, me } = useAccountUsers();
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string; at: number } | null>(
    null,
  );
  // An error is about the list as it was: once the list changed (a later success here or in
  // the add-user form), it no longer applies and goes, instead of standing beside that success.
  const shown = message && (message.tone === "success" || users.dataUpdatedAt <= message.at) ? message : null;
  return (
    <Card title="Users">
      <div className="space-y-3">
        <div aria-live="polite">{shown && <Alert tone={shown.tone}>{shown.text}</Alert>}</div>
        {users.isPending && <Spinner label="Loading users" />}
        {users.isError && <Alert tone="error">{errorMessage(users.error)}</Alert>}
        {users.data && (
          <ul className="-mx-4 divide-y divide-slate-100 sm:-mx-6">
            {users.data.map((user) => (
              <UserRow
                key={user.id}
                user={user}
                isMe={user.id === me.data?.userId}
                onMessage={(next) => setMessage(next && { ...next, at: Date.now() })}
              />
            ))}
          </ul>
        )}
      </div>
    </Card>
  );
}
