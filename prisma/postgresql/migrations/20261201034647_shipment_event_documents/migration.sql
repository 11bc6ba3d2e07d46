-- AlterTable
ALTER TABLE "OperationalEvent" ADD COLUMN     "documentReference" TEXT,
ADD COLUMN     "documentTypeCode" TEXT;

