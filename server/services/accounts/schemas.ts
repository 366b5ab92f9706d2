import { z } from "zod";
import { ZAccountName, ZEmail, ZPassword, ZUsername } from "@/server/services/names";

export const ZSignUpRequest = z.object({
  account: ZAccountName,
  username: ZUsername,
  email: ZEmail,
  password: ZPassword,
});
export type TSignUpRequest = z.infer<typeof ZSignUpRequest>;

export const ZCreateUserRequest = z.object({
  username: ZUsername,
  email: ZEmail,
  password: ZPassword,
});
export type TCreateUserRequest = z.infer<typeof ZCreateUserRequest>;

export const ZUpdateUserRequest = z.object({ email: ZEmail.optional() });
export type TUpdateUserRequest = z.infer<typeof ZUpdateUserRequest>;

export const ZChangePasswordRequest = z.object({ password: ZPassword });

export const ZCompletePasswordResetRequest = z.object({
  token: z.string().min(20, "This reset link is not valid.").max(200),
  password: ZPassword,
});
