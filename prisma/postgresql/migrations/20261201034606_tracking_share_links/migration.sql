-- CreateTable
CREATE TABLE "TrackingShareLink" (
    "id" TEXT NOT NULL,
    "bookingId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "hint" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),
    "revokedById" TEXT,

    CONSTRAINT "TrackingShareLink_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TrackingShareLink_tokenHash_key" ON "TrackingShareLink"("tokenHash");

-- CreateIndex
CREATE INDEX "TrackingShareLink_bookingId_createdAt_idx" ON "TrackingShareLink"("bookingId", "createdAt");

