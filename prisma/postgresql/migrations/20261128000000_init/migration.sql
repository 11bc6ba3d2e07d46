-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Place" (
    "code" TEXT NOT NULL,
    "iataCode" TEXT,
    "kind" TEXT NOT NULL,
    "countryCode" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "latitude" DOUBLE PRECISION NOT NULL,
    "longitude" DOUBLE PRECISION NOT NULL,
    "names" TEXT NOT NULL,

    CONSTRAINT "Place_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "Corridor" (
    "code" TEXT NOT NULL,
    "names" TEXT NOT NULL,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Corridor_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "Service" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "corridorCode" TEXT NOT NULL,
    "originCode" TEXT NOT NULL,
    "destinationCode" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "serviceNumber" TEXT NOT NULL,
    "operatorName" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "weekdays" TEXT NOT NULL,
    "departureLocalTime" TEXT NOT NULL,
    "cargoCutoffDays" INTEGER NOT NULL,
    "cargoCutoffLocalTime" TEXT NOT NULL,
    "docCutoffDays" INTEGER NOT NULL,
    "docCutoffLocalTime" TEXT NOT NULL,

    CONSTRAINT "Service_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceLeg" (
    "id" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "mode" TEXT NOT NULL,
    "fromCode" TEXT NOT NULL,
    "toCode" TEXT NOT NULL,
    "plannedHours" INTEGER NOT NULL,
    "gaugeChange" TEXT,

    CONSTRAINT "ServiceLeg_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Departure" (
    "id" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "departureAt" TIMESTAMP(3) NOT NULL,
    "cargoCutoffAt" TIMESTAMP(3) NOT NULL,
    "docCutoffAt" TIMESTAMP(3) NOT NULL,
    "etaAt" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'SCHEDULED',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Departure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DepartureCapacity" (
    "id" TEXT NOT NULL,
    "departureId" TEXT NOT NULL,
    "equipmentCode" TEXT NOT NULL,
    "total" INTEGER NOT NULL,
    "available" INTEGER NOT NULL,
    "held" INTEGER NOT NULL DEFAULT 0,
    "booked" INTEGER NOT NULL DEFAULT 0,
    "tariffMinor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "minChargeMinor" INTEGER,

    CONSTRAINT "DepartureCapacity_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Service_code_key" ON "Service"("code");

-- CreateIndex
CREATE INDEX "Service_corridorCode_idx" ON "Service"("corridorCode");

-- CreateIndex
CREATE INDEX "Service_originCode_idx" ON "Service"("originCode");

-- CreateIndex
CREATE INDEX "Service_destinationCode_idx" ON "Service"("destinationCode");

-- CreateIndex
CREATE UNIQUE INDEX "ServiceLeg_serviceId_sequence_key" ON "ServiceLeg"("serviceId", "sequence");

-- CreateIndex
CREATE INDEX "Departure_departureAt_idx" ON "Departure"("departureAt");

-- CreateIndex
CREATE INDEX "Departure_status_departureAt_idx" ON "Departure"("status", "departureAt");

-- CreateIndex
CREATE UNIQUE INDEX "Departure_serviceId_departureAt_key" ON "Departure"("serviceId", "departureAt");

-- CreateIndex
CREATE INDEX "DepartureCapacity_equipmentCode_available_idx" ON "DepartureCapacity"("equipmentCode", "available");

-- CreateIndex
CREATE UNIQUE INDEX "DepartureCapacity_departureId_equipmentCode_key" ON "DepartureCapacity"("departureId", "equipmentCode");

-- AddForeignKey
ALTER TABLE "Service" ADD CONSTRAINT "Service_corridorCode_fkey" FOREIGN KEY ("corridorCode") REFERENCES "Corridor"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Service" ADD CONSTRAINT "Service_originCode_fkey" FOREIGN KEY ("originCode") REFERENCES "Place"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Service" ADD CONSTRAINT "Service_destinationCode_fkey" FOREIGN KEY ("destinationCode") REFERENCES "Place"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceLeg" ADD CONSTRAINT "ServiceLeg_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceLeg" ADD CONSTRAINT "ServiceLeg_fromCode_fkey" FOREIGN KEY ("fromCode") REFERENCES "Place"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceLeg" ADD CONSTRAINT "ServiceLeg_toCode_fkey" FOREIGN KEY ("toCode") REFERENCES "Place"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Departure" ADD CONSTRAINT "Departure_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DepartureCapacity" ADD CONSTRAINT "DepartureCapacity_departureId_fkey" FOREIGN KEY ("departureId") REFERENCES "Departure"("id") ON DELETE CASCADE ON UPDATE CASCADE;

