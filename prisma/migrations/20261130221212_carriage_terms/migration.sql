-- AlterTable
ALTER TABLE "Booking" ADD COLUMN "carriageTermsAcceptedAt" DATETIME;
ALTER TABLE "Booking" ADD COLUMN "carriageTermsVersion" TEXT;

