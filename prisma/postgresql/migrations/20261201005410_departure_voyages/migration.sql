-- CreateTable
CREATE TABLE "DepartureVoyage" (
    "id" TEXT NOT NULL,
    "departureId" TEXT NOT NULL,
    "legSequence" INTEGER NOT NULL,
    "vesselName" TEXT NOT NULL,
    "vesselImo" TEXT,
    "voyageNumber" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DepartureVoyage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "DepartureVoyage_departureId_legSequence_key" ON "DepartureVoyage"("departureId", "legSequence");

-- AddForeignKey
ALTER TABLE "DepartureVoyage" ADD CONSTRAINT "DepartureVoyage_departureId_fkey" FOREIGN KEY ("departureId") REFERENCES "Departure"("id") ON DELETE CASCADE ON UPDATE CASCADE;

