-- CreateIndex
CREATE INDEX "OperationalEvent_bookingId_createdAt_id_idx" ON "OperationalEvent"("bookingId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "OperationalEvent_departureId_createdAt_id_idx" ON "OperationalEvent"("departureId", "createdAt", "id");

