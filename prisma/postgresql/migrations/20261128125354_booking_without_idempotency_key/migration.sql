-- DropIndex
DROP INDEX "Booking_idempotencyKey_key";

-- AlterTable
ALTER TABLE "Booking" DROP COLUMN "idempotencyKey";

