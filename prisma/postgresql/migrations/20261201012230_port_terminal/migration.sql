-- AlterTable
ALTER TABLE "Service" ADD COLUMN     "maxGrossKg" INTEGER,
ADD COLUMN     "maxLengthTeu" INTEGER;

-- AlterTable
ALTER TABLE "ShipmentEquipment" ADD COLUMN     "gateInDamage" TEXT,
ADD COLUMN     "gateInReeferC" DOUBLE PRECISION,
ADD COLUMN     "gatedInAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "OperationalEvent" (
    "id" TEXT NOT NULL,
    "eventType" TEXT NOT NULL,
    "classifier" TEXT NOT NULL,
    "typeCode" TEXT NOT NULL,
    "milestone" TEXT NOT NULL,
    "eventAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
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
    "actorId" TEXT,

    CONSTRAINT "OperationalEvent_pkey" PRIMARY KEY ("id")
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
CREATE FUNCTION "OperationalEvent_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'OperationalEvent rows are append-only';
END;
$$;
CREATE TRIGGER "OperationalEvent_no_change" BEFORE UPDATE OR DELETE ON "OperationalEvent"
  FOR EACH ROW EXECUTE FUNCTION "OperationalEvent_append_only"();
