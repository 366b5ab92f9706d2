import "server-only";
import type { AccountView } from "@/server/services/accounts/get-account";
import type { UserView } from "@/server/services/accounts/user-view";
import type { ApiTokenView } from "@/server/services/api-tokens/token-view";
import type { ServiceView } from "@/server/services/app-services/get-service";
import type { LogbookView } from "@/server/services/actions/logbook";
import type { AppView } from "@/server/services/apps/app-view";
import type { LogMessageView } from "@/server/services/logs/read-logs";

export type Link = { href: string; rel: "self" | "related" | "item" };

/** Absolute URIs from the request's own origin, so clients can follow them as given. */
export class Links {
  constructor(readonly origin: string) {}
  private url(path: string): string {
    return `${this.origin}/0.9/${path}`;
  }
  account(account: string) {
    return this.url(account);
  }
  users(account: string) {
    return this.url(`${account}/users`);
  }
  user(account: string, username: string) {
    return this.url(`${account}/users/${username}`);
  }
  apps(account: string) {
    return this.url(`${account}/apps`);
  }
  app(account: string, app: string) {
    return this.url(`${account}/apps/${app}`);
  }
  service(account: string, app: string, label: string) {
    return this.url(`${account}/apps/${app}/services/${label}`);
  }
  tokens(account: string) {
    return this.url(`${account}/tokens`);
  }
  token(account: string, name: string) {
    return this.url(`${account}/tokens/${encodeURIComponent(name)}`);
  }
  logbook(account: string, id: string) {
    return this.url(`${account}/logbook/${id}`);
  }
}

export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function list(items: unknown[], href: string) {
  return { items, link: { href, rel: "self" }, size: items.length };
}

type Rel = Link["rel"];

export function presentAccount(view: AccountView, links: Links, rel: Rel = "self") {
  return {
    name: view.name,
    plan: view.plan,
    plan_upgrade_uri: view.planUpgradeUri,
    created: rfc3339(view.createdAt),
    users: { href: links.users(view.name), rel: "related" },
    link: { href: links.account(view.name), rel },
  };
}

export function presentUser(view: UserView, account: string, links: Links, rel: Rel = "self") {
  return {
    username: view.username,
    email: view.email,
    is_active: view.isActive,
    link: { href: links.user(account, view.username), rel },
  };
}

export function presentApiToken(view: ApiTokenView, href: string, rel: Rel = "self") {
  return {
    name: view.name,
    created: rfc3339(view.createdAt),
    last_used: view.lastUsedAt ? rfc3339(view.lastUsedAt) : null,
    link: { href, rel },
  };
}

export function presentApp(view: AppView, account: string, links: Links, rel: Rel = "self") {
  const related = (label: string) => ({
    href: links.service(account, view.name, label),
    rel: "related" as const,
  });
  return {
    label: "app",
    name: view.name,
    variant: view.variant,
    region: view.region,
    instances: view.instances,
    repo_commit: view.repoCommit,
    dns_record: view.dnsRecord,
    cname_records: view.cnames.map((record) => ({ record })),
    envvars: view.envvars,
    published: view.published,
    status: view.status,
    created: rfc3339(view.createdAt),
    ...(view.repository ? { repository: related("repository") } : {}),
    ...(view.postgres ? { postgres: related("postgres") } : {}),
    ...(view.mongodb ? { mongodb: related("mongodb") } : {}),
    ...(view.worker ? { worker: related("worker") } : {}),
    link: { href: links.app(account, view.name), rel },
  };
}

export function presentService(view: ServiceView, account: string, app: string, links: Links) {
  const link = { href: links.service(account, app, view.label), rel: "self" };
  const appLink = { href: links.app(account, app), rel: "related" };
  switch (view.label) {
    case "repository":
      return {
        label: "repository",
        name: view.repository.name,
        variant: view.repository.variant,
        location: view.repository.location,
        has_ssh_key: view.repository.hasSshKey,
        app: appLink,
        link,
      };
    case "postgres":
    case "mongodb": {
      const { label: _label, ...fields } = view.database;
      return { label: view.label, ...fields, app: appLink, link };
    }
    case "worker":
      return { label: "worker", ...view.worker, app: appLink, link };
  }
}

export function presentLogbook(view: LogbookView, href: string) {
  return {
    action: view.action,
    status: view.status,
    requested_by: view.requestedBy,
    commit: view.commitSha,
    created: rfc3339(view.createdAt),
    started: view.startedAt ? rfc3339(view.startedAt) : null,
    finished: view.finishedAt ? rfc3339(view.finishedAt) : null,
    link: { href, rel: "self" },
    messages: view.messages.map((m) => ({
      asctime: rfc3339(m.asctime),
      loglevel: m.loglevel,
      message: m.message,
    })),
  };
}

export function presentLogMessage(view: LogMessageView) {
  return {
    message: view.message,
    program: view.program,
    severity: view.severity,
    timestamp: rfc3339(view.timestamp),
  };
}
