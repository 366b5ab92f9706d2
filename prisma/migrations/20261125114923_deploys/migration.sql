-- CreateEnum
CREATE TYPE "ActionStatus" AS ENUM ('queued', 'running', 'finished', 'error');

-- CreateEnum
CREATE TYPE "ActionTarget" AS ENUM ('app', 'worker');

-- CreateEnum
CREATE TYPE "InstanceKind" AS ENUM ('app', 'worker');

-- AlterTable
ALTER TABLE "App" ADD COLUMN     "currentReleaseId" TEXT;

-- CreateTable
CREATE TABLE "Action" (
    "id" UUID NOT NULL,
    "appId" TEXT NOT NULL,
    "target" "ActionTarget" NOT NULL DEFAULT 'app',
    "kind" TEXT NOT NULL,
    "options" JSONB NOT NULL DEFAULT '{}',
    "status" "ActionStatus" NOT NULL DEFAULT 'queued',
    "requestedBy" TEXT NOT NULL,
    "cancelRequestedBy" TEXT,
    "commitSha" TEXT,
    "commitMessage" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Action_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LogbookMessage" (
    "id" BIGSERIAL NOT NULL,
    "actionId" UUID NOT NULL,
    "asctime" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "level" INTEGER NOT NULL,
    "message" TEXT NOT NULL,
    "step" TEXT,

    CONSTRAINT "LogbookMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Release" (
    "id" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "commitSha" TEXT NOT NULL,
    "commitMessage" TEXT NOT NULL,
    "directory" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "virtualenv" TEXT,
    "requirementsHash" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Release_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Instance" (
    "id" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "releaseId" TEXT NOT NULL,
    "kind" "InstanceKind" NOT NULL,
    "number" INTEGER NOT NULL,
    "port" INTEGER,
    "state" TEXT NOT NULL,
    "detail" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Instance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LogLine" (
    "id" BIGSERIAL NOT NULL,
    "appId" TEXT NOT NULL,
    "instanceId" TEXT,
    "program" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "timestamp" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LogLine_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Action_appId_createdAt_idx" ON "Action"("appId", "createdAt");

-- CreateIndex
CREATE INDEX "Action_status_idx" ON "Action"("status");

-- CreateIndex
CREATE INDEX "LogbookMessage_actionId_id_idx" ON "LogbookMessage"("actionId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Release_appId_number_key" ON "Release"("appId", "number");

-- CreateIndex
CREATE INDEX "Instance_appId_idx" ON "Instance"("appId");

-- CreateIndex
CREATE INDEX "LogLine_appId_program_id_idx" ON "LogLine"("appId", "program", "id");

-- CreateIndex
CREATE INDEX "LogLine_appId_id_idx" ON "LogLine"("appId", "id");

-- AddForeignKey
ALTER TABLE "Action" ADD CONSTRAINT "Action_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LogbookMessage" ADD CONSTRAINT "LogbookMessage_actionId_fkey" FOREIGN KEY ("actionId") REFERENCES "Action"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Release" ADD CONSTRAINT "Release_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Instance" ADD CONSTRAINT "Instance_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LogLine" ADD CONSTRAINT "LogLine_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;
