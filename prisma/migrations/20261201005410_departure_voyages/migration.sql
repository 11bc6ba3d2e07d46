-- CreateTable
CREATE TABLE "DepartureVoyage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "departureId" TEXT NOT NULL,
    "legSequence" INTEGER NOT NULL,
    "vesselName" TEXT NOT NULL,
    "vesselImo" TEXT,
    "voyageNumber" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "DepartureVoyage_departureId_fkey" FOREIGN KEY ("departureId") REFERENCES "Departure" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "DepartureVoyage_departureId_legSequence_key" ON "DepartureVoyage"("departureId", "legSequence");

