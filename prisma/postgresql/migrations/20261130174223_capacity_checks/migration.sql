-- A departure's capacity adds up and never goes below zero, whatever writes it (decision 006).
-- Prisma's schema knows no CHECKs; they live in the migrations of both engines.
ALTER TABLE "DepartureCapacity" ADD CONSTRAINT "DepartureCapacity_counts_check"
  CHECK ("available" >= 0 AND "held" >= 0 AND "booked" >= 0 AND "available" + "held" + "booked" = "total");
