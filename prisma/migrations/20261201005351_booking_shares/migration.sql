-- CreateTable
CREATE TABLE "BookingShare" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "bookingId" TEXT NOT NULL,
    "partnerId" TEXT NOT NULL,
    "sharedById" TEXT NOT NULL,
    "sharedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" DATETIME,
    "revokedById" TEXT,
    CONSTRAINT "BookingShare_bookingId_fkey" FOREIGN KEY ("bookingId") REFERENCES "Booking" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "BookingShare_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "BookingShare_partnerId_revokedAt_idx" ON "BookingShare"("partnerId", "revokedAt");

-- CreateIndex
CREATE UNIQUE INDEX "BookingShare_bookingId_partnerId_key" ON "BookingShare"("bookingId", "partnerId");

