import type { PrismaTypes } from "@/server/db/client";

/** The columns of a user anyone in the account may see; never the credentials. */
export const userViewSelect = {
  id: true,
  username: true,
  email: true,
  isActive: true,
  createdAt: true,
} satisfies PrismaTypes.Prisma.UserSelect;

export type UserView = {
  id: string;
  username: string;
  email: string;
  isActive: boolean;
  createdAt: Date;
};

export function toUserView(
  row: PrismaTypes.Prisma.UserGetPayload<{ select: typeof userViewSelect }>,
): UserView {
  return { ...row, username: row.username ?? "" };
}
