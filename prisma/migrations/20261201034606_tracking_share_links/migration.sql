-- CreateTable
CREATE TABLE "TrackingShareLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "bookingId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "hint" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" DATETIME,
    "revokedById" TEXT
);

-- CreateIndex
CREATE UNIQUE INDEX "TrackingShareLink_tokenHash_key" ON "TrackingShareLink"("tokenHash");

-- CreateIndex
CREATE INDEX "TrackingShareLink_bookingId_createdAt_idx" ON "TrackingShareLink"("bookingId", "createdAt");

