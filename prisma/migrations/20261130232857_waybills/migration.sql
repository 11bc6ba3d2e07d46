-- CreateTable
CREATE TABLE "Waybill" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "bookingId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "draft" TEXT,
    "number" TEXT,
    "verificationCode" TEXT,
    "latestVersion" INTEGER NOT NULL DEFAULT 0,
    "consigneeLocale" TEXT NOT NULL,
    "statusNote" TEXT,
    "issuedAt" DATETIME,
    "voidedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Waybill_bookingId_fkey" FOREIGN KEY ("bookingId") REFERENCES "Booking" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Waybill_bookingId_key" ON "Waybill"("bookingId");

-- CreateIndex
CREATE UNIQUE INDEX "Waybill_number_key" ON "Waybill"("number");

-- CreateIndex
CREATE UNIQUE INDEX "Waybill_verificationCode_key" ON "Waybill"("verificationCode");

-- CreateIndex
CREATE INDEX "Waybill_status_idx" ON "Waybill"("status");

