-- CreateTable
CREATE TABLE "BookingMove" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "bookingId" TEXT NOT NULL,
    "fromDepartureId" TEXT NOT NULL,
    "toDepartureId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "openKey" TEXT,
    "currency" TEXT NOT NULL,
    "totalMinor" INTEGER NOT NULL,
    "differenceMinor" INTEGER NOT NULL,
    "priceLines" TEXT NOT NULL,
    "paymentId" TEXT,
    "expiresAt" DATETIME NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" DATETIME,
    CONSTRAINT "BookingMove_bookingId_fkey" FOREIGN KEY ("bookingId") REFERENCES "Booking" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "BookingMove_openKey_key" ON "BookingMove"("openKey");

-- CreateIndex
CREATE UNIQUE INDEX "BookingMove_paymentId_key" ON "BookingMove"("paymentId");

-- CreateIndex
CREATE INDEX "BookingMove_bookingId_idx" ON "BookingMove"("bookingId");

-- CreateIndex
CREATE INDEX "BookingMove_status_expiresAt_idx" ON "BookingMove"("status", "expiresAt");

