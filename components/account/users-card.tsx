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
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  return (
    <Card title="Users">
      <div className="space-y-3">
        <div aria-live="polite">{message && <Alert tone={message.tone}>{message.text}</Alert>}</div>
        {users.isPending && <Spinner label="Loading users" />}
        {users.isError && <Alert tone="error">{errorMessage(users.error)}</Alert>}
        {users.data && (
          <ul className="-mx-4 divide-y divide-slate-100 sm:-mx-6">
            {users.data.map((user) => (
              <UserRow
                key={user.id}
                user={user}
                isMe={user.id === me.data?.userId}
                onMessage={(tone, text) => setMessage({ tone, text })}
              />
            ))}
          </ul>
        )}
      </div>
    </Card>
  );
}
