-- AlterTable
ALTER TABLE "ShipmentEquipment" ADD COLUMN "vgmResponsible" TEXT;

-- CreateTable
CREATE TABLE "ShippingInstructions" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "bookingId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'DRAFT',
    "draft" TEXT,
    "submitted" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,
    "submittedAt" DATETIME,
    "submittedById" TEXT,
    "reopenedUntil" DATETIME,
    "reopenedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ShippingInstructions_bookingId_fkey" FOREIGN KEY ("bookingId") REFERENCES "Booking" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "ShippingInstructions_bookingId_key" ON "ShippingInstructions"("bookingId");

