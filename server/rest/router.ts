import "server-only";
import { BodyTooLargeError, declaresTooLargeBody } from "@/server/edge/body-limit";
import { isUploadPath } from "@/server/edge/upload-limit";
import { authCheck, showAccount, signUpAccount } from "./handlers/account";
import { cancelLogbook, queueAppAction, queueServiceAction, showLogbook, showLogs } from "./handlers/actions";
import {
  createAccountApp,
  deleteAccountApp,
  listAccountApps,
  showApp,
  updateAccountApp,
} from "./handlers/apps";
import { listAccountInvoices, showAppUsage, showInvoice } from "./handlers/billing";
import { createContext, type RestContext } from "./handlers/context";
import { uploadDatabaseDump } from "./handlers/database-uploads";
import { receiveDeployHookEvent, rotateAppDeployHook, showDeployHook } from "./handlers/deploy-hooks";
import { showAppMetrics } from "./handlers/metrics";
import { listAppReleases, showAppRelease } from "./handlers/releases";
import { createAccountToken, listAccountTokens, revokeAccountToken } from "./handlers/tokens";
import {
  createAppService,
  deleteAppService,
  downloadBackup,
  showAppService,
  updateAppService,
} from "./handlers/services";
import {
  changeUserPassword,
  createAccountUser,
  deleteAccountUser,
  listAccountUsers,
  resetUserPassword,
  showUser,
  updateAccountUser,
} from "./handlers/users";
import { closing, errorResponse, json, MALFORMED, RestError } from "./http";

type Handler = (ctx: RestContext) => Promise<Response>;
type Route = { pattern: string[]; methods: Partial<Record<string, Handler>> };

// `:name` segments are parameters; literal segments win over parameters.
const ROUTES: Route[] = [
  { pattern: ["signup"], methods: { POST: signUpAccount } },
  { pattern: [":account"], methods: { GET: showAccount } },
  { pattern: [":account", "authcheck"], methods: { GET: authCheck } },
  { pattern: [":account", "users"], methods: { GET: listAccountUsers, POST: createAccountUser } },
  {
    pattern: [":account", "users", ":username"],
    methods: { GET: showUser, PUT: updateAccountUser, DELETE: deleteAccountUser },
  },
  { pattern: [":account", "users", ":username", "change_password"], methods: { PUT: changeUserPassword } },
  { pattern: [":account", "users", ":username", "reset_password"], methods: { POST: resetUserPassword } },
  { pattern: [":account", "apps"], methods: { GET: listAccountApps, POST: createAccountApp } },
  {
    pattern: [":account", "apps", ":app"],
    methods: { GET: showApp, PUT: updateAccountApp, DELETE: deleteAccountApp, POST: queueAppAction },
  },
  { pattern: [":account", "apps", ":app", "services"], methods: { POST: createAppService } },
  { pattern: [":account", "apps", ":app", "releases"], methods: { GET: listAppReleases } },
  { pattern: [":account", "apps", ":app", "releases", ":number"], methods: { GET: showAppRelease } },
  {
    pattern: [":account", "apps", ":app", "deploy_hook"],
    methods: { GET: showDeployHook, PUT: rotateAppDeployHook, POST: receiveDeployHookEvent },
  },
  {
    pattern: [":account", "apps", ":app", "services", ":label"],
    methods: {
      GET: showAppService,
      PUT: updateAppService,
      DELETE: deleteAppService,
      POST: queueServiceAction,
    },
  },
  {
    pattern: [":account", "apps", ":app", "services", "postgres", "backups", ":file"],
    methods: { GET: downloadBackup },
  },
  {
    pattern: [":account", "apps", ":app", "services", "postgres", "uploads"],
    methods: { POST: uploadDatabaseDump },
  },
  { pattern: [":account", "tokens"], methods: { GET: listAccountTokens, POST: createAccountToken } },
  { pattern: [":account", "tokens", ":name"], methods: { DELETE: revokeAccountToken } },
  { pattern: [":account", "logbook", ":uuid"], methods: { GET: showLogbook, DELETE: cancelLogbook } },
  { pattern: [":account", "app", ":app", "logs"], methods: { GET: showLogs } },
  // The spec's path is /app/{app}/metrics like logs and usage; /apps/{app}/metrics beside the
  // app's other extensions (releases, deploy hook) answers the same.
  { pattern: [":account", "app", ":app", "metrics"], methods: { GET: showAppMetrics } },
  { pattern: [":account", "apps", ":app", "metrics"], methods: { GET: showAppMetrics } },
  { pattern: [":account", "invoices"], methods: { GET: listAccountInvoices } },
  { pattern: [":account", "invoices", ":invoice"], methods: { GET: showInvoice } },
  { pattern: [":account", "app", ":app", "usage", ":period"], methods: { GET: showAppUsage } },
];

function match(segments: string[]): { route: Route; params: Record<string, string> } | null {
  const candidates = ROUTES.filter((r) => r.pattern.length === segments.length);
  // Prefer routes with more literal segments (`/0.9/signup` over `/0.9/{account}`).
  candidates.sort((a, b) => literals(b) - literals(a));
  for (const route of candidates) {
    const params: Record<string, string> = {};
    const ok = route.pattern.every((part, i) => {
      const segment = segments[i] ?? "";
      if (part.startsWith(":")) {
        params[part.slice(1)] = segment;
        return segment.length > 0;
      }
      return part === segment;
    });
    if (ok) return { route, params };
  }
  return null;
}

function literals(route: Route): number {
  return route.pattern.filter((p) => !p.startsWith(":")).length;
}

/** A path segment, or the documented 400 for bad percent-encoding (`%E0%A4%A`). */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new RestError(400, MALFORMED);
  }
}

/** Entry point of the REST API 0.9: every request under /0.9/ comes through here. */
export async function handleRestRequest(request: Request): Promise<Response> {
  let upload = false;
  try {
    // Refused before anything reads the body (spec: every body is small JSON). A dump upload
    // streams to disk under its own, larger cap, checked by its handler.
    const url = new URL(request.url);
    upload = isUploadPath(url.pathname);
    if (!upload && declaresTooLargeBody(request.headers)) throw new BodyTooLargeError();
    const path = url.pathname.replace(/^\/0\.9\/?/, "").replace(/\/$/, "");
    const segments = path.split("/").map(decodeSegment);
    const found = match(segments);
    if (!found) throw new RestError(404, "Resource not found.");
    const handler = found.route.methods[request.method];
    if (!handler) {
      const allow = Object.keys(found.route.methods).join(", ");
      return json({ code: 405, error: "Method not allowed." }, 405, { Allow: allow });
    }
    return await handler(createContext(request, found.params));
  } catch (error) {
    const response = errorResponse(error);
    return upload ? closing(response) : response;
  }
}
