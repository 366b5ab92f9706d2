-- CreateEnum
CREATE TYPE "ConnectionTestStatus" AS ENUM ('queued', 'running', 'ok', 'failed');

-- AlterTable
ALTER TABLE "App" ADD COLUMN     "deployHookSecretEncrypted" TEXT;

-- AlterTable
ALTER TABLE "Action" ADD COLUMN     "trigger" JSONB;

-- CreateTable
CREATE TABLE "ConnectionTest" (
    "id" UUID NOT NULL,
    "accountId" TEXT NOT NULL,
    "appId" TEXT,
    "variant" "RepositoryVariant" NOT NULL,
    "locationEncrypted" TEXT NOT NULL,
    "sshKeyEncrypted" TEXT,
    "ref" TEXT NOT NULL,
    "status" "ConnectionTestStatus" NOT NULL DEFAULT 'queued',
    "detail" TEXT,
    "headCommit" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ConnectionTest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ConnectionTest_accountId_createdAt_idx" ON "ConnectionTest"("accountId", "createdAt");

-- AddForeignKey
ALTER TABLE "ConnectionTest" ADD CONSTRAINT "ConnectionTest_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConnectionTest" ADD CONSTRAINT "ConnectionTest_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;
