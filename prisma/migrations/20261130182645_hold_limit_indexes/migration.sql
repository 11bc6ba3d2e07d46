-- CreateIndex
CREATE INDEX "Booking_companyId_status_holdExpiresAt_idx" ON "Booking"("companyId", "status", "holdExpiresAt");

-- CreateIndex
CREATE INDEX "Booking_companyId_departureId_status_idx" ON "Booking"("companyId", "departureId", "status");

