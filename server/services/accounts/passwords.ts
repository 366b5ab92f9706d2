import { createHash, randomBytes } from "node:crypto";
import { hashPassword } from "@/server/auth/auth";
import { getConfig } from "@/server/config";
import { getDb } from "@/server/db/client";
import type { Caller } from "@/server/services/caller";
import { AppError } from "@/server/services/errors";
import { countPasswordReset } from "@/server/services/rate-limits/auth-limits";
import { getUser } from "./users";

const RESET_VALID_MS = 12 * 60 * 60 * 1000;

export const RESET_STARTED_MESSAGE =
  "If that user exists, a password reset has started. Follow the link that was sent to complete it.";

function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

async function writePasswordHash(userId: string, password: string): Promise<void> {
  const hash = await hashPassword(password);
  const db = getDb();
  const updated = await db.authAccount.updateMany({
    where: { userId, providerId: "credential" },
    data: { password: hash },
  });
  if (updated.count === 0) {
    await db.authAccount.create({
      data: {
        id: randomBytes(16).toString("hex"),
        accountId: userId,
        providerId: "credential",
        userId,
        password: hash,
      },
    });
  }
}

export async function changePassword(caller: Caller, username: string, password: string): Promise<void> {
  const user = await getUser(caller, username);
  await writePasswordHash(user.id, password);
  // Other browsers signed in with the old password must sign in again.
  await getDb().session.deleteMany({ where: { userId: user.id, NOT: { userId: caller.userId } } });
}

/**
 * Starts a reset: a link, valid 12 hours, that lets the user choose a new password. Nothing
 * else changes: anyone can ask for a reset of anyone, so the user stays active and the old
 * password keeps working until the reset is completed. Without mail configured the link
 * goes to the operator's log. The caller always gets the same neutral answer, so the API
 * reveals nothing about which users exist; requests are limited per user and per address.
 */
export async function startPasswordReset(options: {
  accountName: string;
  username: string;
  address?: string;
  notify?: (link: string, user: { username: string; email: string }) => void;
}): Promise<string> {
  await countPasswordReset({
    account: options.accountName,
    username: options.username,
    address: options.address,
  });
  const db = getDb();
  const user = await db.user.findFirst({
    where: { username: options.username, account: { name: options.accountName } },
    select: { id: true, username: true, email: true },
  });
  if (!user) return RESET_STARTED_MESSAGE;
  const token = randomBytes(24).toString("base64url");
  await db.passwordReset.create({
    data: {
      userId: user.id,
      tokenHash: tokenHash(token),
      expiresAt: new Date(Date.now() + RESET_VALID_MS),
    },
  });
  const link = `${getConfig().publicUrl}/reset-password?token=${token}`;
  const notify =
    options.notify ??
    ((url: string, who: { username: string; email: string }) => {
      console.info(
        `[thirtyloops] password reset for ${who.username} <${who.email}>: ${url} (valid 12 hours)`,
      );
    });
  notify(link, { username: user.username ?? options.username, email: user.email });
  return RESET_STARTED_MESSAGE;
}

export async function completePasswordReset(options: {
  token: string;
  password: string;
}): Promise<{ username: string }> {
  const db = getDb();
  const reset = await db.passwordReset.findUnique({
    where: { tokenHash: tokenHash(options.token) },
    include: { user: { select: { username: true } } },
  });
  if (!reset || reset.usedAt || reset.expiresAt.getTime() < Date.now()) {
    throw new AppError("BAD_INPUT", "This reset link is invalid or has expired. Start a new password reset.");
  }
  await writePasswordHash(reset.userId, options.password);
  // The reset never touched isActive, and completing it must not either: a user an
  // operator disabled cannot re-enable themselves through a reset link. Whoever knew
  // the old password is signed out, and the user's other links stop working.
  const now = new Date();
  await db.$transaction([
    db.passwordReset.updateMany({ where: { userId: reset.userId, usedAt: null }, data: { usedAt: now } }),
    db.session.deleteMany({ where: { userId: reset.userId } }),
  ]);
  return { username: reset.user.username ?? "" };
}
