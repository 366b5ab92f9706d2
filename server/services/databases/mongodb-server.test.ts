import { describe, expect, it } from "vitest";
import { mongodbUrl } from "@/server/pipeline/database-credentials";
import { mongodbTenantEndpoint } from "./mongodb-server";

describe("[DATABASES] where tenants reach the operator's MongoDB", () => {
  it("takes the admin URL's first host and port, never its credentials", () => {
    expect(mongodbTenantEndpoint("mongodb://root:p%40ss@db.example.org:27018/admin?tls=true")).toEqual({
      host: "db.example.org",
      port: 27018,
    });
    expect(mongodbTenantEndpoint("mongodb://a:b@h1:27100,h2:27101/?replicaSet=rs0")).toEqual({
      host: "h1",
      port: 27100,
    });
    expect(mongodbTenantEndpoint("mongodb://127.0.0.1")).toEqual({ host: "127.0.0.1", port: 27017 });
    expect(mongodbTenantEndpoint("mongodb://u:p@[::1]:27019/admin")).toEqual({ host: "::1", port: 27019 });
    expect(() => mongodbTenantEndpoint("mongodb:///admin")).toThrow(/names no host/);
  });

  it("builds the app's URL, authenticating against its own database", () => {
    const credentials = {
      name: "acme_blog_1a2b",
      username: "u0f",
      password: "pw-_x",
      host: "::1",
      port: 27019,
    };
    expect(mongodbUrl(credentials)).toBe(
      "mongodb://u0f:pw-_x@[::1]:27019/acme_blog_1a2b?authSource=acme_blog_1a2b",
    );
  });
});
