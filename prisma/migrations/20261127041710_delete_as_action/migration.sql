-- DropForeignKey
ALTER TABLE "Action" DROP CONSTRAINT "Action_appId_fkey";

-- AlterTable
ALTER TABLE "App" ADD COLUMN     "deletingAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Action" ADD COLUMN     "accountId" TEXT,
ADD COLUMN     "appName" TEXT NOT NULL DEFAULT '',
ALTER COLUMN "appId" DROP NOT NULL;

-- Existing actions belong to their app's account and keep its name.
UPDATE "Action" SET "accountId" = "App"."accountId", "appName" = "App"."name"
  FROM "App" WHERE "App"."id" = "Action"."appId";
ALTER TABLE "Action" ALTER COLUMN "accountId" SET NOT NULL;

-- CreateIndex
CREATE INDEX "Action_accountId_createdAt_idx" ON "Action"("accountId", "createdAt");

-- AddForeignKey
ALTER TABLE "Action" ADD CONSTRAINT "Action_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Action" ADD CONSTRAINT "Action_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE SET NULL ON UPDATE CASCADE;
