import { z } from "zod";
import { ZAppName } from "@/server/services/names";
import { ZRepoCommit } from "@/server/services/apps/schemas";
import { ZRepositoryVariant, ZSshKey } from "./schemas";

/**
 * "Test connection" from a repository form. For an existing app, a location left as shown
 * (masked) and no new key mean the stored ones; the new-app form sends what was typed.
 */
export const ZTestConnectionRequest = z.object({
  app: ZAppName.optional(),
  variant: ZRepositoryVariant.default("git"),
  location: z.string().trim().max(2000, "A repository location can be at most 2000 characters.").optional(),
  ssh_key: ZSshKey.optional(),
  ref: ZRepoCommit.optional(),
});
export type TTestConnectionRequest = z.input<typeof ZTestConnectionRequest>;

export const TEST_CONNECTION_TASK = "test-connection";
