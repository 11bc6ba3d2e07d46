import { TRANSACTION_OPTIONS, type Tx } from "~/utils/transactions.server";
import type { Db } from "~/utils/db.server";
import { everyPeriod, jobPeriodMs } from "~/domain/ops/jobs.server";
import { AppError } from "~/utils/app-error";
import { invalidateBoard } from "~/domain/scheduling/board-cache.server";
import { kickBookingNotifications } from "./notifications.server";

/**
 * When a hold taken now ends: HOLD_MINUTES later, but never after the cargo cut-off: slots
 * not paid for by then go back to the departure rather than travel unpaid.
 */
export function holdEnd(now: Date, holdMinutes: number, cargoCutoffAt: Date): { endsAt: Date; atCutoff: boolean } {
  const endsAt = new Date(now.getTime() + holdMinutes * 60_000);
  return endsAt < cargoCutoffAt ? { endsAt, atCutoff: false } : { endsAt: cargoCutoffAt, atCutoff: true };
}
/** Where a booking's capacity sits: held while it waits for payment, booked once confirmed. */
export type CapacityBucket = "held" | "booked";

/** Where a booking's slots are counted: booked once confirmed, held until then. */
export const bucketOf = (status: string): CapacityBucket => (status === "CONFIRMED" ? "booked" : "held");

/**
 * Takes capacity for a booking: one conditional update per line — `available >= n` or no
 * row — so no interleaving of requests, on SQLite or PostgreSQL, can take more than there is.
 * A line that cannot be served throws, and the caller's transaction rolls everything back.
 */
export async function takeCapacity(
  tx: Tx,
  departureId: string,
  lines: { equipmentCode: string; quantity: number }[],
  bucket: CapacityBucket,
) {
  for (const line of lines) {
    if (line.quantity <= 0) continue;
    const { count } = await tx.departureCapacity.updateMany({
      where: { departureId, equipmentCode: line.equipmentCode, available: { gte: line.quantity } },
      data: { available: { decrement: line.quantity }, [bucket]: { increment: line.quantity } },
    });
    if (count !== 1) throw new AppError("capacityGone", 409, line.equipmentCode);
  }
}

/**
 * Takes capacity like `takeCapacity`, but answers false instead of throwing when a line cannot
 * be served (after giving back the lines it took), so that the caller's transaction can go on
 * and record what happened — a late payment, say, whose slots went to someone else.
 */
export async function tryTakeCapacity(
  tx: Tx,
  departureId: string,
  lines: { equipmentCode: string; quantity: number }[],
  bucket: CapacityBucket,
): Promise<boolean> {
  const taken: { equipmentCode: string; quantity: number }[] = [];
  for (const line of lines) {
    if (line.quantity <= 0) continue;
    const { count } = await tx.departureCapacity.updateMany({
      where: { departureId, equipmentCode: line.equipmentCode, available: { gte: line.quantity } },
      data: { available: { decrement: line.quantity }, [bucket]: { increment: line.quantity } },
    });
    if (count !== 1) {
      await returnCapacity(tx, departureId, taken, bucket);
      return false;
    }
    taken.push(line);
  }
  return true;
}

/** A paid (or on-account) booking's held capacity becomes booked. */
export async function bookHeldCapacity(
  tx: Tx,
  departureId: string,
  lines: { equipmentCode: string; quantity: number }[],
) {
  for (const line of lines) {
    if (line.quantity <= 0) continue;
    const { count } = await tx.departureCapacity.updateMany({
      where: { departureId, equipmentCode: line.equipmentCode, held: { gte: line.quantity } },
      data: { held: { decrement: line.quantity }, booked: { increment: line.quantity } },
    });
    if (count !== 1) throw new Error(`Held capacity of ${line.equipmentCode} on ${departureId} is short`);
  }
}

/** Gives a booking's capacity back to the departure. */
export async function returnCapacity(
  tx: Tx,
  departureId: string,
  lines: { equipmentCode: string; quantity: number }[],
  bucket: CapacityBucket,
) {
  for (const line of lines) {
    if (line.quantity <= 0) continue;
    await tx.departureCapacity.updateMany({
      where: { departureId, equipmentCode: line.equipmentCode },
      data: { available: { increment: line.quantity }, [bucket]: { decrement: line.quantity } },
    });
  }
}

/**
 * Gives the capacity of expired holds back — held bookings, and those awaiting a bank transfer
 * past their due time — exactly once each: the status change is conditional, so a sweeper and
 * a lazy read racing for the same hold release it once.
 */
export async function releaseExpiredHolds(
  db: Db,
  now = new Date(),
  scope: { departureId?: string } = {},
): Promise<number> {
  const expired = await db.booking.findMany({
    where: {
      status: { in: ["HELD", "AWAITING_PAYMENT"] },
      holdExpiresAt: { lte: now },
      ...(scope.departureId ? { departureId: scope.departureId } : {}),
    },
    include: { lines: true },
    take: 200,
  });
  let released = 0;
  for (const booking of expired) {
    const done = await db.$transaction(async (tx) => {
      // On the departure read, too: a booking moved meanwhile (decision 022) holds its slots elsewhere.
      const { count } = await tx.booking.updateMany({
        where: { id: booking.id, status: booking.status, departureId: booking.departureId },
        data: { status: "EXPIRED", holdExpiresAt: null },
      });
      if (count !== 1) return false;
      await returnCapacity(tx, booking.departureId, booking.lines, "held");
      // An unpaid invoice or checkout stays on record; money that still arrives is a late payment.
      // Money already received in part is for staff to give back.
      await tx.payment.updateMany({
        where: { bookingId: booking.id, status: "PARTIALLY_PAID" },
        data: { status: "EXPIRED", flag: "EXPIRED_PARTLY_PAID" },
      });
      await tx.payment.updateMany({
        where: { bookingId: booking.id, status: { in: ["PENDING", "PROCESSING", "PARTIALLY_PAID"] } },
        data: { status: "EXPIRED" },
      });
      await tx.bookingEvent.create({
        data: {
          bookingId: booking.id,
          type: "EXPIRED",
          fromStatus: booking.status,
          toStatus: "EXPIRED",
          detail: JSON.stringify({ holdExpiresAt: booking.holdExpiresAt }),
          createdAt: now,
        },
      });
      return true;
    }, TRANSACTION_OPTIONS);
    if (done) released += 1;
  }
  if (released > 0) {
    invalidateBoard();
    kickBookingNotifications();
  }
  return released;
}

/**
 * The server's periodic sweep for expired holds (reads also release them lazily). Returns a
 * function that stops it.
 */
export function startHoldSweeper(db: Db, everyMs = jobPeriodMs(60_000)): () => Promise<void> {
  return everyPeriod("Hold sweeper", everyMs, () => releaseExpiredHolds(db)).stop;
}
