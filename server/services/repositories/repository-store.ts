import type { PrismaTypes } from "@/server/db/client";
import { AppError } from "@/server/services/errors";
import { encryptSecret } from "@/server/services/secrets/cipher";
import { decodeSshKey, type TRepositoryInput, type TUpdateRepositoryRequest } from "./schemas";

type Tx = PrismaTypes.Prisma.TransactionClient;

/**
 * The repository an app should link to: an existing one of the account named by `input`,
 * or a new one when a location is given (REST: "referencing an object that does not exist
 * yet, with enough fields to create it, creates it").
 */
export async function resolveRepository(
  tx: Tx,
  options: { accountId: string; input: TRepositoryInput | string; defaultName: string },
): Promise<string> {
  const input = typeof options.input === "string" ? { name: options.input } : options.input;
  const name = input.name ?? options.defaultName;
  const existing = await tx.repository.findUnique({
    where: { accountId_name: { accountId: options.accountId, name } },
  });
  if (existing) {
    if (input.location !== undefined || input.ssh_key !== undefined || input.variant !== undefined) {
      const message = `A repository named ${name} already exists. Link it by name alone, or choose another name for a new one.`;
      throw new AppError("CONFLICT", message, [{ path: "repository.name", message }]);
    }
    return existing.id;
  }
  if (!input.location) {
    const message = `There is no repository named ${name}. Give its location to create it.`;
    throw new AppError("BAD_INPUT", message, [{ path: "repository.location", message }]);
  }
  const created = await tx.repository.create({
    data: {
      accountId: options.accountId,
      name,
      variant: input.variant ?? "git",
      locationEncrypted: encryptSecret(input.location),
      sshKeyEncrypted: input.ssh_key ? encryptSecret(decodeSshKey(input.ssh_key)) : null,
    },
  });
  return created.id;
}

export async function updateRepositoryRow(
  tx: Tx,
  options: { accountId: string; repositoryId: string; input: TUpdateRepositoryRequest },
): Promise<void> {
  const { input } = options;
  if (input.name !== undefined) {
    const clash = await tx.repository.findUnique({
      where: { accountId_name: { accountId: options.accountId, name: input.name } },
      select: { id: true },
    });
    if (clash && clash.id !== options.repositoryId) {
      const message = `A repository named ${input.name} already exists.`;
      throw new AppError("CONFLICT", message, [{ path: "name", message }]);
    }
  }
  await tx.repository.update({
    where: { id: options.repositoryId },
    data: {
      name: input.name,
      variant: input.variant,
      locationEncrypted: input.location === undefined ? undefined : encryptSecret(input.location),
      sshKeyEncrypted:
        input.ssh_key === undefined
          ? undefined
          : input.ssh_key
            ? encryptSecret(decodeSshKey(input.ssh_key))
            : null,
    },
  });
}

/** Unlinking never deletes a repository another app still uses. */
export async function deleteRepositoryIfUnused(tx: Tx, repositoryId: string): Promise<void> {
  const users = await tx.app.count({ where: { repositoryId } });
  if (users === 0) await tx.repository.delete({ where: { id: repositoryId } });
}
