import "server-only";
import { createCallerFactory, createTRPCRouter } from "./init";
import { accountRouter } from "./routers/account";
import { actionsRouter } from "./routers/actions";
import { appsRouter } from "./routers/apps";
import { authRouter } from "./routers/auth";
import { billingRouter } from "./routers/billing";
import { deployHooksRouter } from "./routers/deploy-hooks";
import { deploysRouter } from "./routers/deploys";
import { liveRouter } from "./routers/live";
import { logsRouter } from "./routers/logs";
import { metricsRouter } from "./routers/metrics";
import { releasesRouter } from "./routers/releases";
import { repositoriesRouter } from "./routers/repositories";
import { servicesRouter } from "./routers/services";
import { tokensRouter } from "./routers/tokens";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  account: accountRouter,
  apps: appsRouter,
  services: servicesRouter,
  actions: actionsRouter,
  billing: billingRouter,
  deploys: deploysRouter,
  deployHooks: deployHooksRouter,
  logs: logsRouter,
  metrics: metricsRouter,
  releases: releasesRouter,
  repositories: repositoriesRouter,
  live: liveRouter,
  tokens: tokensRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
