-- AlterTable
ALTER TABLE "Booking" ADD COLUMN "expiryWarnedAt" DATETIME;

-- AlterTable
ALTER TABLE "BookingEvent" ADD COLUMN "notifiedAt" DATETIME;

-- CreateIndex
CREATE INDEX "BookingEvent_notifiedAt_type_idx" ON "BookingEvent"("notifiedAt", "type");


-- Changes made before this migration are not announced now.
UPDATE "BookingEvent" SET "notifiedAt" = "createdAt";
