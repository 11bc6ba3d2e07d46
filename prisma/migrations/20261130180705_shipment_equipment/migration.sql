-- CreateTable
CREATE TABLE "ShipmentEquipment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "bookingId" TEXT NOT NULL,
    "isoSizeType" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "shipperOwned" BOOLEAN NOT NULL DEFAULT false,
    "containerNumber" TEXT,
    "seals" TEXT NOT NULL DEFAULT '[]',
    "tareKg" INTEGER,
    "vgmKg" INTEGER,
    "vgmMethod" TEXT,
    "reeferSetpointC" REAL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ShipmentEquipment_bookingId_fkey" FOREIGN KEY ("bookingId") REFERENCES "Booking" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ShipmentEquipment_containerNumber_idx" ON "ShipmentEquipment"("containerNumber");

-- CreateIndex
CREATE UNIQUE INDEX "ShipmentEquipment_bookingId_isoSizeType_sequence_key" ON "ShipmentEquipment"("bookingId", "isoSizeType", "sequence");


-- Bookings held before this migration (every status past the draft): one row per container
-- unit of their lines, with the SOC flag and reefer set point their details carry.
WITH RECURSIVE "unit"("n") AS (SELECT 1 UNION ALL SELECT "n" + 1 FROM "unit" WHERE "n" < 10000)
INSERT INTO "ShipmentEquipment" ("id", "bookingId", "isoSizeType", "sequence", "shipperOwned", "reeferSetpointC", "createdAt", "updatedAt")
SELECT
    'se_' || "line"."id" || '_' || "unit"."n",
    "line"."bookingId",
    "line"."equipmentCode",
    "unit"."n",
    COALESCE((
        SELECT json_extract("c"."value", '$.shipperOwned') FROM json_each("booking"."details", '$.containers') AS "c"
        WHERE json_extract("c"."value", '$.equipmentCode') = "line"."equipmentCode" LIMIT 1
    ), 0),
    CASE WHEN "line"."equipmentCode" IN ('22R1', '45R1')
        THEN json_extract("booking"."details", '$.cargo.reeferTemperatureC') END,
    "booking"."createdAt",
    "booking"."createdAt"
FROM "BookingLine" AS "line"
JOIN "Booking" AS "booking" ON "booking"."id" = "line"."bookingId"
JOIN "unit" ON "unit"."n" <= "line"."quantity"
WHERE "line"."equipmentCode" <> 'KG';
