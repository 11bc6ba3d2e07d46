-- AlterTable
ALTER TABLE "ShipmentEquipment" ADD COLUMN     "vgmResponsible" TEXT;

-- CreateTable
CREATE TABLE "ShippingInstructions" (
    "id" TEXT NOT NULL,
    "bookingId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'DRAFT',
    "draft" TEXT,
    "submitted" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,
    "submittedAt" TIMESTAMP(3),
    "submittedById" TEXT,
    "reopenedUntil" TIMESTAMP(3),
    "reopenedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ShippingInstructions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ShippingInstructions_bookingId_key" ON "ShippingInstructions"("bookingId");

-- AddForeignKey
ALTER TABLE "ShippingInstructions" ADD CONSTRAINT "ShippingInstructions_bookingId_fkey" FOREIGN KEY ("bookingId") REFERENCES "Booking"("id") ON DELETE CASCADE ON UPDATE CASCADE;

