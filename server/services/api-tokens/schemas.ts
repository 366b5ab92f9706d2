import { z } from "zod";

/** A token's name: chosen by its user, part of its URI (`/tokens/{name}`), so URL-safe. */
export const ZTokenName = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$/,
    "A token name is 1 to 50 letters, digits, dots, dashes or underscores.",
  );

export const ZCreateTokenRequest = z.object({ name: ZTokenName });
export type TCreateTokenRequest = z.infer<typeof ZCreateTokenRequest>;

export const ZTokenRef = z.object({ name: ZTokenName });
