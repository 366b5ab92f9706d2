-- CreateTable
CREATE TABLE "AppMetricMinute" (
    "appId" TEXT NOT NULL,
    "minute" TIMESTAMP(3) NOT NULL,
    "source" TEXT NOT NULL,
    "requests" INTEGER NOT NULL,
    "status2xx" INTEGER NOT NULL,
    "status3xx" INTEGER NOT NULL,
    "status4xx" INTEGER NOT NULL,
    "status5xx" INTEGER NOT NULL,
    "latency" JSONB NOT NULL,
    "latencySumMs" DOUBLE PRECISION NOT NULL,
    "latencyMinMs" DOUBLE PRECISION NOT NULL,
    "latencyMaxMs" DOUBLE PRECISION NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AppMetricMinute_pkey" PRIMARY KEY ("appId","minute","source")
);

-- CreateTable
CREATE TABLE "InstanceMetricMinute" (
    "appId" TEXT NOT NULL,
    "minute" TIMESTAMP(3) NOT NULL,
    "instance" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "cpuSeconds" DOUBLE PRECISION NOT NULL,
    "wallSeconds" DOUBLE PRECISION NOT NULL,
    "memorySumBytes" BIGINT NOT NULL,
    "memoryMaxBytes" BIGINT NOT NULL,
    "samples" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InstanceMetricMinute_pkey" PRIMARY KEY ("appId","minute","instance","source")
);

-- CreateIndex
CREATE INDEX "AppMetricMinute_minute_idx" ON "AppMetricMinute"("minute");

-- CreateIndex
CREATE INDEX "InstanceMetricMinute_minute_idx" ON "InstanceMetricMinute"("minute");

-- AddForeignKey
ALTER TABLE "AppMetricMinute" ADD CONSTRAINT "AppMetricMinute_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InstanceMetricMinute" ADD CONSTRAINT "InstanceMetricMinute_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;
