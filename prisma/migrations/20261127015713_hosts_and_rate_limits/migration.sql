-- CreateEnum
CREATE TYPE "HostKind" AS ENUM ('dns', 'cname');

-- CreateTable
CREATE TABLE "RateLimitWindow" (
    "key" TEXT NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "RateLimitWindow_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "HostClaim" (
    "host" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "kind" "HostKind" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HostClaim_pkey" PRIMARY KEY ("host")
);

-- CreateIndex
CREATE INDEX "RateLimitWindow_windowStart_idx" ON "RateLimitWindow"("windowStart");

-- CreateIndex
CREATE INDEX "HostClaim_appId_idx" ON "HostClaim"("appId");

-- AddForeignKey
ALTER TABLE "HostClaim" ADD CONSTRAINT "HostClaim_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill: every existing app claims its dns label, then its CNAMEs. Where two apps
-- already collide, the older one keeps the name.
INSERT INTO "HostClaim" ("host", "appId", "kind")
SELECT a."name" || '-' || acc."name", a."id", 'dns'
FROM "App" a JOIN "Account" acc ON acc."id" = a."accountId"
ORDER BY a."createdAt"
ON CONFLICT ("host") DO NOTHING;

INSERT INTO "HostClaim" ("host", "appId", "kind")
SELECT c.record, c."id", 'cname'
FROM (SELECT a."id", a."createdAt", lower(unnest(a."cnames")) AS record FROM "App" a) c
ORDER BY c."createdAt"
ON CONFLICT ("host") DO NOTHING;
