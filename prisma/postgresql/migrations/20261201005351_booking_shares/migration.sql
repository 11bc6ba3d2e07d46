-- CreateTable
CREATE TABLE "BookingShare" (
    "id" TEXT NOT NULL,
    "bookingId" TEXT NOT NULL,
    "partnerId" TEXT NOT NULL,
    "sharedById" TEXT NOT NULL,
    "sharedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),
    "revokedById" TEXT,

    CONSTRAINT "BookingShare_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BookingShare_partnerId_revokedAt_idx" ON "BookingShare"("partnerId", "revokedAt");

-- CreateIndex
CREATE UNIQUE INDEX "BookingShare_bookingId_partnerId_key" ON "BookingShare"("bookingId", "partnerId");

-- AddForeignKey
ALTER TABLE "BookingShare" ADD CONSTRAINT "BookingShare_bookingId_fkey" FOREIGN KEY ("bookingId") REFERENCES "Booking"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BookingShare" ADD CONSTRAINT "BookingShare_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

