-- AlterTable
ALTER TABLE "Service" ADD COLUMN     "validFrom" TEXT,
ADD COLUMN     "validUntil" TEXT;

-- CreateTable
CREATE TABLE "ServiceException" (
    "id" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "localDate" TEXT NOT NULL,
    "note" TEXT,

    CONSTRAINT "ServiceException_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceOffer" (
    "id" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "equipmentCode" TEXT NOT NULL,
    "total" INTEGER NOT NULL,
    "tariffMinor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "minChargeMinor" INTEGER,

    CONSTRAINT "ServiceOffer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ServiceException_serviceId_localDate_key" ON "ServiceException"("serviceId", "localDate");

-- CreateIndex
CREATE UNIQUE INDEX "ServiceOffer_serviceId_equipmentCode_key" ON "ServiceOffer"("serviceId", "equipmentCode");

-- AddForeignKey
ALTER TABLE "ServiceException" ADD CONSTRAINT "ServiceException_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceOffer" ADD CONSTRAINT "ServiceOffer_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

