import "server-only";
import { createCallerFactory, createTRPCRouter } from "./init";
import { accountRouter } from "./routers/account";
import { appsRouter } from "./routers/apps";
import { authRouter } from "./routers/auth";
import { servicesRouter } from "./routers/services";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  account: accountRouter,
  apps: appsRouter,
  services: servicesRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
