-- CreateEnum
CREATE TYPE "PlanChangeStatus" AS ENUM ('pending', 'applied', 'scheduled', 'cancelled');

-- AlterEnum
ALTER TYPE "Plan" ADD VALUE 'TEAM';

-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "billingProvider" TEXT,
ADD COLUMN     "pendingPlan" "Plan",
ADD COLUMN     "planPeriodEnd" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "App" ADD COLUMN     "freeStopAt" TIMESTAMP(3),
ADD COLUMN     "stoppedAt" TIMESTAMP(3),
ADD COLUMN     "stoppedReason" TEXT;

-- CreateTable
CREATE TABLE "BillingProfile" (
    "accountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "postalCode" TEXT NOT NULL,
    "city" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "vatId" TEXT,
    "email" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BillingProfile_pkey" PRIMARY KEY ("accountId")
);

-- CreateTable
CREATE TABLE "PlanChange" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "fromPlan" "Plan" NOT NULL,
    "toPlan" "Plan" NOT NULL,
    "status" "PlanChangeStatus" NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "providerRef" TEXT,
    "idempotencyKey" TEXT NOT NULL,
    "effectiveAt" TIMESTAMP(3) NOT NULL,
    "appliedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PlanChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProcessedWebhookEvent" (
    "id" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProcessedWebhookEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsageRecord" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "appName" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "kind" "InstanceKind" NOT NULL,
    "memoryMb" INTEGER NOT NULL,
    "paid" BOOLEAN NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "stoppedAt" TIMESTAMP(3),

    CONSTRAINT "UsageRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InvoiceCounter" (
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL,

    CONSTRAINT "InvoiceCounter_pkey" PRIMARY KEY ("year")
);

-- CreateTable
CREATE TABLE "Invoice" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "periodStart" TIMESTAMP(3) NOT NULL,
    "periodEnd" TIMESTAMP(3) NOT NULL,
    "lines" JSONB,
    "totalCents" INTEGER,
    "currency" TEXT NOT NULL DEFAULT 'EUR',
    "finalizedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Invoice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PlanChange_providerRef_key" ON "PlanChange"("providerRef");

-- CreateIndex
CREATE UNIQUE INDEX "PlanChange_idempotencyKey_key" ON "PlanChange"("idempotencyKey");

-- CreateIndex
CREATE INDEX "PlanChange_accountId_createdAt_idx" ON "PlanChange"("accountId", "createdAt");

-- CreateIndex
CREATE INDEX "UsageRecord_accountId_startedAt_idx" ON "UsageRecord"("accountId", "startedAt");

-- CreateIndex
CREATE INDEX "UsageRecord_appId_startedAt_idx" ON "UsageRecord"("appId", "startedAt");

-- CreateIndex
CREATE INDEX "UsageRecord_instanceId_idx" ON "UsageRecord"("instanceId");

-- CreateIndex
CREATE UNIQUE INDEX "Invoice_number_key" ON "Invoice"("number");

-- CreateIndex
CREATE UNIQUE INDEX "Invoice_accountId_periodStart_key" ON "Invoice"("accountId", "periodStart");

-- AddForeignKey
ALTER TABLE "BillingProfile" ADD CONSTRAINT "BillingProfile_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlanChange" ADD CONSTRAINT "PlanChange_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UsageRecord" ADD CONSTRAINT "UsageRecord_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;
