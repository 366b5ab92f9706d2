-- CreateEnum
CREATE TYPE "DatabaseUploadStatus" AS ENUM ('receiving', 'ready', 'claimed');

-- CreateTable
CREATE TABLE "DatabaseUpload" (
    "id" UUID NOT NULL,
    "accountId" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "status" "DatabaseUploadStatus" NOT NULL DEFAULT 'receiving',
    "sizeBytes" BIGINT NOT NULL DEFAULT 0,
    "actionId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DatabaseUpload_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DatabaseUpload_accountId_status_idx" ON "DatabaseUpload"("accountId", "status");

-- CreateIndex
CREATE INDEX "DatabaseUpload_appId_idx" ON "DatabaseUpload"("appId");

-- AddForeignKey
ALTER TABLE "DatabaseUpload" ADD CONSTRAINT "DatabaseUpload_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DatabaseUpload" ADD CONSTRAINT "DatabaseUpload_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;
