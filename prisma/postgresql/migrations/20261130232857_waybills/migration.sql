-- CreateTable
CREATE TABLE "Waybill" (
    "id" TEXT NOT NULL,
    "bookingId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "draft" TEXT,
    "number" TEXT,
    "verificationCode" TEXT,
    "latestVersion" INTEGER NOT NULL DEFAULT 0,
    "consigneeLocale" TEXT NOT NULL,
    "statusNote" TEXT,
    "issuedAt" TIMESTAMP(3),
    "voidedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Waybill_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Waybill_bookingId_key" ON "Waybill"("bookingId");

-- CreateIndex
CREATE UNIQUE INDEX "Waybill_number_key" ON "Waybill"("number");

-- CreateIndex
CREATE UNIQUE INDEX "Waybill_verificationCode_key" ON "Waybill"("verificationCode");

-- CreateIndex
CREATE INDEX "Waybill_status_idx" ON "Waybill"("status");

-- AddForeignKey
ALTER TABLE "Waybill" ADD CONSTRAINT "Waybill_bookingId_fkey" FOREIGN KEY ("bookingId") REFERENCES "Booking"("id") ON DELETE CASCADE ON UPDATE CASCADE;

