"use client";

import { useState, type FormEvent } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { TextField } from "@/components/ui/field";
import { errorMessage } from "@/lib/trpc/errors";
import type { UserView } from "@/server/services/accounts/user-view";
import { ZPassword } from "@/server/services/names";
import { useAccountUsers } from "./use-account";

export type UserRowProps = {
  user: UserView;
  isMe: boolean;
  /** A message for the card (null clears it when a new action starts). */
  onMessage: (message: { tone: "error" | "success"; text: string } | null) => void;
};

export function UserRow({ user, isMe, onMessage }: UserRowProps) {
  const { setActive, remove, changePassword } = useAccountUsers();
  const [changing, setChanging] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [passwordError, setPasswordError] = useState<string | undefined>();
  const onError = (e: unknown) => onMessage({ tone: "error", text: errorMessage(e) });

  function onChangePassword(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = ZPassword.safeParse(String(new FormData(event.currentTarget).get("password") ?? ""));
    if (!parsed.success) return setPasswordError(parsed.error.issues[0]?.message);
    setPasswordError(undefined);
    onMessage(null);
    changePassword.mutate(
      { username: user.username, password: parsed.data },
      {
        onSuccess: () => {
          setChanging(false);
          onMessage({ tone: "success", text: `Password of ${user.username} changed.` });
        },
        onError,
      },
    );
  }

  return (
    <li className="space-y-3 px-4 py-4 sm:px-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="min-w-0">
          <p className="font-medium text-slate-900">
            {user.username} {isMe && <span className="text-sm font-normal text-slate-500">(you)</span>}
          </p>
          <p className="truncate text-sm text-slate-500">{user.email}</p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {user.isActive ? <Badge tone="green">Active</Badge> : <Badge tone="red">Deactivated</Badge>}
          <Button
            variant="secondary"
            size="sm"
            aria-label={`Change password of ${user.username}`}
            onClick={() => setChanging(!changing)}
          >
            Change password
          </Button>
          <Button
            variant="secondary"
            size="sm"
            aria-label={`${user.isActive ? "Deactivate" : "Activate"} ${user.username}`}
            loading={setActive.isPending}
            onClick={() => {
              onMessage(null);
              setActive.mutate(
                { username: user.username, isActive: !user.isActive },
                {
                  onSuccess: () =>
                    onMessage({
                      tone: "success",
                      text: user.isActive
                        ? `${user.username} can no longer log in.`
                        : `${user.username} can log in again.`,
                    }),
                  onError,
                },
              );
            }}
          >
            {user.isActive ? "Deactivate" : "Activate"}
          </Button>
          <Button
            variant="ghost"
            size="sm"
            aria-label={`Remove ${user.username}`}
            onClick={() => {
              // A failed earlier attempt's error belongs to that attempt, not to this one.
              remove.reset();
              onMessage(null);
              setConfirming(true);
            }}
          >
            Remove
          </Button>
        </div>
      </div>
      {changing && (
        <form onSubmit={onChangePassword} noValidate className="flex flex-wrap items-end gap-3">
          <div className="min-w-56 flex-1">
            <TextField
              label={`New password for ${user.username}`}
              name="password"
              type="password"
              autoComplete="new-password"
              error={passwordError}
            />
          </div>
          <Button type="submit" loading={changePassword.isPending}>
            Save password
          </Button>
        </form>
      )}
      <ConfirmDialog
        open={confirming}
        title={`Remove ${user.username}?`}
        confirmLabel="Remove user"
        pending={remove.isPending}
        error={remove.error ? errorMessage(remove.error) : undefined}
        onConfirm={() =>
          remove.mutate(
            { username: user.username },
            {
              onSuccess: () => {
                setConfirming(false);
                onMessage({ tone: "success", text: `${user.username} removed.` });
              },
            },
          )
        }
        onClose={() => setConfirming(false)}
      >
        <p>
          {user.username} ({user.email}) will no longer be able to log in or use the API. Apps stay as they
          are.
        </p>
      </ConfirmDialog>
    </li>
  );
}
