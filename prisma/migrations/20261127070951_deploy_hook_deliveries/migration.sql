-- CreateTable
CREATE TABLE "DeployHookDelivery" (
    "appId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeployHookDelivery_pkey" PRIMARY KEY ("appId","key")
);

-- CreateIndex
CREATE INDEX "DeployHookDelivery_appId_receivedAt_idx" ON "DeployHookDelivery"("appId", "receivedAt");

-- AddForeignKey
ALTER TABLE "DeployHookDelivery" ADD CONSTRAINT "DeployHookDelivery_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;
