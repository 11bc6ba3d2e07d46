-- AlterTable
ALTER TABLE "Booking" ADD COLUMN     "carriageTermsAcceptedAt" TIMESTAMP(3),
ADD COLUMN     "carriageTermsVersion" TEXT;

