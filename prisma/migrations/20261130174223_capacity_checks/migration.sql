-- A departure's capacity adds up and never goes below zero, whatever writes it (decision 006).
-- SQLite cannot add a CHECK to a table, so the table is rebuilt with it (as Prisma rebuilds
-- tables). Prisma's schema knows no CHECKs: a later migration that redefines this table must
-- carry the constraint over (scripts/db-new-migration.sh output is to be read, not trusted).
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_DepartureCapacity" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "departureId" TEXT NOT NULL,
    "equipmentCode" TEXT NOT NULL,
    "total" INTEGER NOT NULL,
    "available" INTEGER NOT NULL,
    "held" INTEGER NOT NULL DEFAULT 0,
    "booked" INTEGER NOT NULL DEFAULT 0,
    "tariffMinor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "minChargeMinor" INTEGER,
    CONSTRAINT "DepartureCapacity_departureId_fkey" FOREIGN KEY ("departureId") REFERENCES "Departure" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "DepartureCapacity_counts_check" CHECK ("available" >= 0 AND "held" >= 0 AND "booked" >= 0 AND "available" + "held" + "booked" = "total")
);
INSERT INTO "new_DepartureCapacity" ("id", "departureId", "equipmentCode", "total", "available", "held", "booked", "tariffMinor", "currency", "minChargeMinor")
SELECT "id", "departureId", "equipmentCode", "total", "available", "held", "booked", "tariffMinor", "currency", "minChargeMinor" FROM "DepartureCapacity";
DROP TABLE "DepartureCapacity";
ALTER TABLE "new_DepartureCapacity" RENAME TO "DepartureCapacity";
CREATE INDEX "DepartureCapacity_equipmentCode_available_idx" ON "DepartureCapacity"("equipmentCode", "available");
CREATE UNIQUE INDEX "DepartureCapacity_departureId_equipmentCode_key" ON "DepartureCapacity"("departureId", "equipmentCode");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
