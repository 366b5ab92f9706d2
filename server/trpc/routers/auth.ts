import { ZCompletePasswordResetRequest, ZSignUpRequest } from "@/server/services/accounts/schemas";
import { completePasswordReset } from "@/server/services/accounts/passwords";
import { signUp } from "@/server/services/accounts/sign-up";
import { getConfig } from "@/server/config";
import { createTRPCRouter, publicProcedure } from "../init";

export const authRouter = createTRPCRouter({
  signupStatus: publicProcedure.query(() => ({ open: getConfig().signupOpen })),
  signUp: publicProcedure.input(ZSignUpRequest).mutation(async ({ input }) => {
    const { account, user } = await signUp(input);
    return { account: account.name, username: user.username ?? input.username };
  }),
  completePasswordReset: publicProcedure
    .input(ZCompletePasswordResetRequest)
    .mutation(({ input }) => completePasswordReset(input)),
});
