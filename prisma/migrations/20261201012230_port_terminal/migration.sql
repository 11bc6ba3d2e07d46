-- AlterTable
ALTER TABLE "Service" ADD COLUMN "maxGrossKg" INTEGER;
ALTER TABLE "Service" ADD COLUMN "maxLengthTeu" INTEGER;

-- AlterTable
ALTER TABLE "ShipmentEquipment" ADD COLUMN "gateInDamage" TEXT;
ALTER TABLE "ShipmentEquipment" ADD COLUMN "gateInReeferC" REAL;
ALTER TABLE "ShipmentEquipment" ADD COLUMN "gatedInAt" DATETIME;

-- CreateTable
CREATE TABLE "OperationalEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "eventType" TEXT NOT NULL,
    "classifier" TEXT NOT NULL,
    "typeCode" TEXT NOT NULL,
    "milestone" TEXT NOT NULL,
    "eventAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "placeCode" TEXT NOT NULL,
    "facilityType" TEXT,
    "departureId" TEXT NOT NULL,
    "bookingId" TEXT,
    "equipmentReference" TEXT,
    "isoEquipmentCode" TEXT,
    "emptyIndicator" TEXT,
    "gaugeChange" TEXT,
    "remark" TEXT,
    "supersedesId" TEXT,
    "actorId" TEXT
);

-- CreateIndex
CREATE UNIQUE INDEX "OperationalEvent_supersedesId_key" ON "OperationalEvent"("supersedesId");

-- CreateIndex
CREATE INDEX "OperationalEvent_departureId_eventAt_idx" ON "OperationalEvent"("departureId", "eventAt");

-- CreateIndex
CREATE INDEX "OperationalEvent_equipmentReference_createdAt_idx" ON "OperationalEvent"("equipmentReference", "createdAt");

-- CreateIndex
CREATE INDEX "OperationalEvent_bookingId_eventAt_idx" ON "OperationalEvent"("bookingId", "eventAt");

-- CreateIndex
CREATE INDEX "OperationalEvent_createdAt_idx" ON "OperationalEvent"("createdAt");


-- Operational events are append-only: a correction is a new event that supersedes (decision 018).
CREATE TRIGGER "OperationalEvent_no_update" BEFORE UPDATE ON "OperationalEvent"
BEGIN
  SELECT RAISE(ABORT, 'OperationalEvent rows are append-only');
END;
CREATE TRIGGER "OperationalEvent_no_delete" BEFORE DELETE ON "OperationalEvent"
BEGIN
  SELECT RAISE(ABORT, 'OperationalEvent rows are append-only');
END;
