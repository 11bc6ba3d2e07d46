import type { Prisma } from "~/generated/prisma/sqlite/client";
import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import { env } from "~/utils/env.server";

/** Unpaid reservations: a hold, or an invoice awaiting a bank transfer. */
export const UNPAID = ["HELD", "AWAITING_PAYMENT"];

/**
 * One company may not sit on a departure: its unpaid share of each equipment type stays within
 * HOLD_SHARE_PERCENT of the total, and it has at most OPEN_HOLDS_PER_COMPANY holds running.
 * Checked inside the hold's transaction, after the company's row was written (so that the
 * company's concurrent holds wait for each other); a refusal rolls the hold back.
 */
export async function enforceHoldLimits(
  tx: Prisma.TransactionClient,
  companyId: string,
  departure: { id: string; capacities: { equipmentCode: string; total: number }[] },
  now: Date,
) {
  const { HOLD_SHARE_PERCENT, OPEN_HOLDS_PER_COMPANY } = env();
  const openHolds = await tx.booking.count({ where: { companyId, status: "HELD", holdExpiresAt: { gt: now } } });
  if (openHolds > OPEN_HOLDS_PER_COMPANY) throw new AppError("tooManyOpenHolds", 409);
  const unpaid = await tx.bookingLine.groupBy({
    by: ["equipmentCode"],
    where: { booking: { companyId, departureId: departure.id, status: { in: UNPAID } } },
    _sum: { quantity: true },
  });
  for (const line of unpaid) {
    const total = departure.capacities.find((capacity) => capacity.equipmentCode === line.equipmentCode)?.total ?? 0;
    const share = Math.max(1, Math.floor((total * HOLD_SHARE_PERCENT) / 100));
    if ((line._sum.quantity ?? 0) > share) throw new AppError("holdShareExceeded", 409);
  }
}

/**
 * A company that let HOLD_RENEWALS_PER_DAY holds on a departure lapse or released them in the
 * last 24 hours waits before holding there again: holding and releasing over and over would
 * keep the slots from everyone else without ever paying.
 */
export async function refuseRepeatedHolds(db: Db, companyId: string, departureId: string, now: Date) {
  const lapsed = await db.bookingEvent.count({
    where: {
      type: { in: ["EXPIRED", "CANCELLED"] },
      fromStatus: { in: UNPAID },
      createdAt: { gt: new Date(now.getTime() - 24 * 3_600_000) },
      booking: { companyId, departureId },
    },
  });
  if (lapsed >= env().HOLD_RENEWALS_PER_DAY) throw new AppError("holdRenewalLimit", 409);
}
