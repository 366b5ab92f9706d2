import type { Prisma } from "@/server/db/generated/client";

/** What reads of a token may show: never its hash, and the token itself only at creation. */
export const apiTokenSelect = {
  name: true,
  createdAt: true,
  lastUsedAt: true,
} satisfies Prisma.ApiTokenSelect;

export type ApiTokenView = Prisma.ApiTokenGetPayload<{ select: typeof apiTokenSelect }>;
