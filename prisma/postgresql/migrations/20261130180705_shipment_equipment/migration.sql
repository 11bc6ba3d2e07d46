-- CreateTable
CREATE TABLE "ShipmentEquipment" (
    "id" TEXT NOT NULL,
    "bookingId" TEXT NOT NULL,
    "isoSizeType" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "shipperOwned" BOOLEAN NOT NULL DEFAULT false,
    "containerNumber" TEXT,
    "seals" TEXT NOT NULL DEFAULT '[]',
    "tareKg" INTEGER,
    "vgmKg" INTEGER,
    "vgmMethod" TEXT,
    "reeferSetpointC" DOUBLE PRECISION,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ShipmentEquipment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ShipmentEquipment_containerNumber_idx" ON "ShipmentEquipment"("containerNumber");

-- CreateIndex
CREATE UNIQUE INDEX "ShipmentEquipment_bookingId_isoSizeType_sequence_key" ON "ShipmentEquipment"("bookingId", "isoSizeType", "sequence");

-- AddForeignKey
ALTER TABLE "ShipmentEquipment" ADD CONSTRAINT "ShipmentEquipment_bookingId_fkey" FOREIGN KEY ("bookingId") REFERENCES "Booking"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Bookings held before this migration (every status past the draft): one row per container
-- unit of their lines, with the SOC flag and reefer set point their details carry.
INSERT INTO "ShipmentEquipment" ("id", "bookingId", "isoSizeType", "sequence", "shipperOwned", "reeferSetpointC", "createdAt", "updatedAt")
SELECT
    'se_' || "line"."id" || '_' || "unit"."n",
    "line"."bookingId",
    "line"."equipmentCode",
    "unit"."n",
    COALESCE((
        SELECT ("c"->>'shipperOwned')::boolean
        FROM jsonb_array_elements(COALESCE("booking"."details"::jsonb->'containers', '[]'::jsonb)) AS "c"
        WHERE "c"->>'equipmentCode' = "line"."equipmentCode" LIMIT 1
    ), false),
    CASE WHEN "line"."equipmentCode" IN ('22R1', '45R1')
        THEN ("booking"."details"::jsonb->'cargo'->>'reeferTemperatureC')::double precision END,
    "booking"."createdAt",
    "booking"."createdAt"
FROM "BookingLine" AS "line"
JOIN "Booking" AS "booking" ON "booking"."id" = "line"."bookingId"
CROSS JOIN LATERAL generate_series(1, "line"."quantity") AS "unit"("n")
WHERE "line"."equipmentCode" <> 'KG';
