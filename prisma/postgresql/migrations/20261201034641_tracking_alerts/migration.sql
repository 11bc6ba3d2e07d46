-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "headers" TEXT;

-- CreateTable
CREATE TABLE "AlertSubscription" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "bookingId" TEXT NOT NULL,
    "events" BOOLEAN NOT NULL DEFAULT true,
    "etaThresholdHours" INTEGER NOT NULL DEFAULT 12,
    "etaDelivery" TEXT NOT NULL DEFAULT 'IMMEDIATE',
    "toldEtaAt" TIMESTAMP(3) NOT NULL,
    "activeSince" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "cancelledAt" TIMESTAMP(3),

    CONSTRAINT "AlertSubscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertDelivery" (
    "id" TEXT NOT NULL,
    "subscriptionId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "bookingId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "delivery" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimedAt" TIMESTAMP(3),
    "claimId" TEXT,
    "outboxMessageId" TEXT,
    "skipped" TEXT,

    CONSTRAINT "AlertDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertUnsubscribeToken" (
    "tokenHash" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "subscriptionId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "AlertUnsubscribeToken_pkey" PRIMARY KEY ("tokenHash")
);

-- CreateTable
CREATE TABLE "CalendarFeed" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "bookingId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "CalendarFeed_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AlertSubscription_cancelledAt_idx" ON "AlertSubscription"("cancelledAt");

-- CreateIndex
CREATE UNIQUE INDEX "AlertSubscription_userId_bookingId_key" ON "AlertSubscription"("userId", "bookingId");

-- CreateIndex
CREATE INDEX "AlertDelivery_claimedAt_delivery_dueAt_idx" ON "AlertDelivery"("claimedAt", "delivery", "dueAt");

-- CreateIndex
CREATE INDEX "AlertDelivery_claimId_idx" ON "AlertDelivery"("claimId");

-- CreateIndex
CREATE UNIQUE INDEX "AlertDelivery_subscriptionId_dedupeKey_key" ON "AlertDelivery"("subscriptionId", "dedupeKey");

-- CreateIndex
CREATE INDEX "AlertUnsubscribeToken_userId_idx" ON "AlertUnsubscribeToken"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "CalendarFeed_tokenHash_key" ON "CalendarFeed"("tokenHash");

-- CreateIndex
CREATE INDEX "CalendarFeed_userId_bookingId_idx" ON "CalendarFeed"("userId", "bookingId");

