import { afterEach, describe, expect, it } from "vitest";
import { declaredLength, isUploadPath, maxUploadBytes } from "./upload-limit";

afterEach(() => {
  delete process.env.THIRTY_MAX_UPLOAD_MB;
});

describe("upload routes and their cap", () => {
  it("knows the dashboard's and the REST upload routes, and nothing else", () => {
    expect(isUploadPath("/api/uploads/notes")).toBe(true);
    expect(isUploadPath("/api/uploads/notes?x=1")).toBe(true);
    expect(isUploadPath("/0.9/acme/apps/notes/services/postgres/uploads")).toBe(true);
    expect(isUploadPath("/api/uploads/notes/../../trpc/apps.create")).toBe(false);
    expect(isUploadPath("/api/trpc/apps.create")).toBe(false);
    expect(isUploadPath("/0.9/acme/apps/notes/services/postgres")).toBe(false);
    expect(isUploadPath("/0.9/acme/apps/notes/services/worker/uploads")).toBe(false);
    expect(isUploadPath("/0.9/acme/apps/notes")).toBe(false);
  });

  it("caps at THIRTY_MAX_UPLOAD_MB, 512 MB unless set", () => {
    expect(maxUploadBytes()).toBe(512 * 1024 * 1024);
    process.env.THIRTY_MAX_UPLOAD_MB = "2";
    expect(maxUploadBytes()).toBe(2 * 1024 * 1024);
    process.env.THIRTY_MAX_UPLOAD_MB = "nonsense";
    expect(maxUploadBytes()).toBe(512 * 1024 * 1024);
  });

  it("reads a declared length, or none", () => {
    expect(declaredLength(new Headers({ "content-length": "42" }))).toBe(42);
    expect(declaredLength(new Headers())).toBeNull();
    expect(declaredLength(new Headers({ "content-length": "-1" }))).toBeNull();
  });
});
