-- AlterTable
ALTER TABLE "OperationalEvent" ADD COLUMN "documentReference" TEXT;
ALTER TABLE "OperationalEvent" ADD COLUMN "documentTypeCode" TEXT;

