-- AlterTable
ALTER TABLE "Action" ADD COLUMN     "committedAt" TIMESTAMP(3),
ADD COLUMN     "leaseExpiresAt" TIMESTAMP(3),
ADD COLUMN     "leaseOwner" TEXT,
ADD COLUMN     "queueWorker" TEXT;

-- AlterTable
ALTER TABLE "Instance" ADD COLUMN     "runtimeId" TEXT;

-- CreateIndex
CREATE INDEX "Action_status_leaseExpiresAt_idx" ON "Action"("status", "leaseExpiresAt");

-- CreateIndex
CREATE INDEX "Instance_runtimeId_idx" ON "Instance"("runtimeId");
