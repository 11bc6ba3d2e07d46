import { Prisma } from "~/generated/prisma/sqlite/client";
import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import { env } from "~/utils/env.server";

/** Unpaid reservations: a hold, or an invoice awaiting a bank transfer. */
export const UNPAID = ["HELD", "AWAITING_PAYMENT"];

/**
 * One company may not sit on a departure: its unpaid share of each equipment type stays within
 * HOLD_SHARE_PERCENT of the total, and it has at most OPEN_HOLDS_PER_COMPANY holds running.
 * Called last in the transaction of a hold or an amendment, after its writes: it first takes the
 * company's turn (writes its `lastHoldAt`: a row lock on PostgreSQL, the single writer on SQLite),
 * so the company's concurrent holds pass here one at a time and each sees those before it; a
 * refusal rolls the hold back. Other companies' holds never wait for this turn. The counts are
 * one query, driven by the booking indexes; the open holds are counted only up to the limit.
 */
export async function enforceHoldLimits(
  tx: Prisma.TransactionClient,
  companyId: string,
  departure: { id: string; capacities: { equipmentCode: string; total: number }[] },
  now: Date,
) {
  const { HOLD_SHARE_PERCENT, OPEN_HOLDS_PER_COMPANY } = env();
  await tx.$executeRaw`UPDATE "Company" SET "lastHoldAt" = ${now} WHERE "id" = ${companyId}`;
  // One row for the open holds (code ''), then one per equipment type of the unpaid share.
  const rows = await tx.$queryRaw<{ code: string; n: bigint | number | null }[]>`
    SELECT '' AS "code", COUNT(*) AS "n" FROM (
      SELECT 1 AS "one" FROM "Booking"
      WHERE "companyId" = ${companyId} AND "status" = 'HELD' AND "holdExpiresAt" > ${now}
      LIMIT ${OPEN_HOLDS_PER_COMPANY + 1}
    ) "open"
    UNION ALL
    SELECT l."equipmentCode", SUM(l."quantity") FROM "Booking" b JOIN "BookingLine" l ON l."bookingId" = b."id"
    WHERE b."companyId" = ${companyId} AND b."departureId" = ${departure.id} AND b."status" IN (${Prisma.join(UNPAID)})
    GROUP BY l."equipmentCode"`;
  for (const row of rows) {
    const quantity = Number(row.n ?? 0);
    if (row.code === "") {
      if (quantity > OPEN_HOLDS_PER_COMPANY) throw new AppError("tooManyOpenHolds", 409);
      continue;
    }
    const total = departure.capacities.find((capacity) => capacity.equipmentCode === row.code)?.total ?? 0;
    const share = Math.max(1, Math.floor((total * HOLD_SHARE_PERCENT) / 100));
    if (quantity > share) throw new AppError("holdShareExceeded", 409);
  }
}

/**
 * A company that let HOLD_RENEWALS_PER_DAY holds on a departure lapse or released them in the
 * last 24 hours waits before holding there again: holding and releasing over and over would
 * keep the slots from everyone else without ever paying.
 */
export async function refuseRepeatedHolds(db: Db, companyId: string, departureId: string, now: Date) {
  // From the company's bookings on the departure (an index) to their recent events (another).
  const [{ n }] = await db.$queryRaw<[{ n: bigint | number }]>`
    SELECT COUNT(*) AS "n" FROM "Booking" b JOIN "BookingEvent" e ON e."bookingId" = b."id"
    WHERE b."companyId" = ${companyId} AND b."departureId" = ${departureId}
      AND e."type" IN ('EXPIRED', 'CANCELLED') AND e."fromStatus" IN (${Prisma.join(UNPAID)})
      AND e."createdAt" > ${new Date(now.getTime() - 24 * 3_600_000)}`;
  if (Number(n) >= env().HOLD_RENEWALS_PER_DAY) throw new AppError("holdRenewalLimit", 409);
}
