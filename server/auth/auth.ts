import "server-only";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { username } from "better-auth/plugins";
import { getConfig } from "@/server/config";
import { CLIENT_ADDRESS_HEADER } from "@/server/edge/client-address";
import { trustedOrigins } from "@/server/edge/origin";
import { rateLimitStore } from "@/server/services/rate-limits/auth-limits";
import { getDb } from "@/server/db/client";
import { ZUsername } from "@/server/services/names";

function createAuth() {
  const config = getConfig();
  const db = getDb();
  return betterAuth({
    appName: "thirtyloops",
    baseURL: process.env.BETTER_AUTH_URL ?? config.publicUrl,
    secret: process.env.THIRTY_SECRET ?? process.env.BETTER_AUTH_SECRET,
    trustedOrigins: trustedOrigins(),
    database: prismaAdapter(db, { provider: "postgresql" }),
    account: { modelName: "authAccount" },
    emailAndPassword: {
      enabled: true,
      // Users are created by our services (sign-up makes an account and its first user in
      // one transaction; other users are added by a member of the account).
      disableSignUp: true,
      minPasswordLength: 8,
      maxPasswordLength: 128,
    },
    user: {
      additionalFields: {
        accountId: { type: "string", required: true, input: false },
        isActive: { type: "boolean", required: false, defaultValue: true, input: false },
      },
    },
    session: { expiresIn: 60 * 60 * 24 * 14, updateAge: 60 * 60 * 24 },
    advanced: {
      cookiePrefix: "thirty",
      // The sign-in limit keys on the client address the platform's server stamped from the
      // socket (and trusted proxies only), never on a client's own X-Forwarded-For.
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
    },
    // Slows password guessing: 10 sign-ins a minute per address. THIRTY_AUTH_RATE_LIMIT=off
    // is for test suites that sign in many users from one address.
    rateLimit: {
      enabled: process.env.THIRTY_AUTH_RATE_LIMIT !== "off",
      window: 60,
      max: 300,
      // Counted in PostgreSQL, so several web processes enforce one limit.
      customStorage: {
        async consume(key, rule) {
          const window = await rateLimitStore().hit(`auth:${key}`, rule.window * 1000);
          if (window.count <= rule.max) return { allowed: true, retryAfter: null };
          const retryAfter = Math.max(1, Math.ceil((window.resetsAt.getTime() - Date.now()) / 1000));
          return { allowed: false, retryAfter };
        },
      },
      customRules: { "/sign-in/username": { window: 60, max: 10 } },
    },
    telemetry: { enabled: false },
    databaseHooks: {
      session: {
        create: {
          // Deactivated users and disabled accounts cannot start a session.
          before: async (session) => {
            const user = await db.user.findUnique({
              where: { id: session.userId },
              select: { username: true, isActive: true, account: { select: { name: true, isActive: true } } },
            });
            if (!user) throw new APIError("UNAUTHORIZED", { message: "Unknown user." });
            if (!user.account.isActive) {
              throw new APIError("FORBIDDEN", { message: `Account ${user.account.name} is disabled.` });
            }
            if (!user.isActive) {
              throw new APIError("FORBIDDEN", { message: `User ${user.username ?? ""} is disabled.` });
            }
          },
        },
      },
    },
    plugins: [
      username({
        minUsernameLength: 2,
        maxUsernameLength: 30,
        usernameValidator: (name) => ZUsername.safeParse(name).success,
      }),
      nextCookies(),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;

const holder = globalThis as unknown as { thirtyAuth?: Auth };

export function getAuth(): Auth {
  holder.thirtyAuth ??= createAuth();
  return holder.thirtyAuth;
}

/** better-auth's own password hashing, so sessions and REST Basic auth agree. */
export async function hashPassword(password: string): Promise<string> {
  return (await getAuth().$context).password.hash(password);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  return (await getAuth().$context).password.verify({ hash, password });
}
