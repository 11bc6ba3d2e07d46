-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN "headers" TEXT;

-- CreateTable
CREATE TABLE "AlertSubscription" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "bookingId" TEXT NOT NULL,
    "events" BOOLEAN NOT NULL DEFAULT true,
    "etaThresholdHours" INTEGER NOT NULL DEFAULT 12,
    "etaDelivery" TEXT NOT NULL DEFAULT 'IMMEDIATE',
    "toldEtaAt" DATETIME NOT NULL,
    "activeSince" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "cancelledAt" DATETIME
);

-- CreateTable
CREATE TABLE "AlertDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "subscriptionId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "bookingId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "delivery" TEXT NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimedAt" DATETIME,
    "claimId" TEXT,
    "outboxMessageId" TEXT,
    "skipped" TEXT
);

-- CreateTable
CREATE TABLE "AlertUnsubscribeToken" (
    "tokenHash" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "subscriptionId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "usedAt" DATETIME
);

-- CreateTable
CREATE TABLE "CalendarFeed" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "bookingId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" DATETIME
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

