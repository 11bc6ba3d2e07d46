import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import { env } from "~/utils/env.server";
import { invalidateBoard } from "~/domain/scheduling/board-cache.server";
import { effectiveStatus } from "~/domain/scheduling/departure-status";
import { newBookingReference } from "./reference";

export interface HoldRequest {
  companyId: string;
  departureId: string;
  createdById: string;
  lines: { equipmentCode: string; quantity: number }[];
  currency: string;
  totalMinor: number;
  priceLines: unknown;
  details: unknown;
  /** The form's one-time key: the same key twice makes one booking. */
  idempotencyKey?: string;
}

const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 15_000 };

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

async function existingFor(db: Db, request: HoldRequest) {
  if (!request.idempotencyKey) return null;
  const booking = await db.booking.findUnique({
    where: { idempotencyKey: request.idempotencyKey },
    include: { lines: true },
  });
  // A key is only ever honoured for the company that made it.
  return booking && booking.companyId === request.companyId ? booking : null;
}

/**
 * Holds slots (or kg) on a departure for HOLD_MINUTES. Capacity is taken by one conditional
 * update per line inside a transaction — `available >= n` or nothing — so no interleaving of
 * requests, on SQLite or PostgreSQL, can take more than there is; if any line cannot be
 * served the whole hold is rolled back.
 */
export async function holdSlots(db: Db, request: HoldRequest, now = new Date()) {
  const repeated = await existingFor(db, request);
  if (repeated) return repeated;

  const departure = await db.departure.findUnique({ where: { id: request.departureId } });
  if (!departure) throw new AppError("notFound", 404);
  if (effectiveStatus(departure.status, departure.cargoCutoffAt, now) !== "OPEN") {
    throw new AppError(now >= departure.cargoCutoffAt ? "pastCutoff" : "notOpen", 409);
  }
  const lines = request.lines.filter((line) => line.quantity > 0);
  if (lines.length === 0) throw new AppError("nothingToBook", 400);

  try {
    const booking = await db.$transaction(async (tx) => {
      for (const line of lines) {
        const { count } = await tx.departureCapacity.updateMany({
          where: { departureId: departure.id, equipmentCode: line.equipmentCode, available: { gte: line.quantity } },
          data: { available: { decrement: line.quantity }, held: { increment: line.quantity } },
        });
        if (count !== 1) throw new AppError("capacityGone", 409, line.equipmentCode);
      }
      return tx.booking.create({
        data: {
          reference: newBookingReference(),
          companyId: request.companyId,
          departureId: departure.id,
          createdById: request.createdById,
          status: "HELD",
          currency: request.currency,
          totalMinor: request.totalMinor,
          priceLines: JSON.stringify(request.priceLines),
          details: JSON.stringify(request.details),
          holdExpiresAt: new Date(now.getTime() + env().HOLD_MINUTES * 60_000),
          idempotencyKey: request.idempotencyKey ?? null,
          createdAt: now,
          lines: { create: lines },
          events: {
            create: {
              actorId: request.createdById,
              type: "HELD",
              toStatus: "HELD",
              detail: JSON.stringify({ lines }),
              createdAt: now,
            },
          },
        },
        include: { lines: true },
      });
    }, TRANSACTION_OPTIONS);
    invalidateBoard();
    return booking;
  } catch (error) {
    // The same form submitted twice at once: the other submission made the booking.
    if (isUniqueViolation(error)) {
      const made = await existingFor(db, request);
      if (made) return made;
    }
    throw error;
  }
}

/**
 * Gives the capacity of expired holds back, exactly once each: the status change from HELD is
 * conditional, so a sweeper and a lazy read racing for the same hold release it once.
 */
export async function releaseExpiredHolds(
  db: Db,
  now = new Date(),
  scope: { departureId?: string } = {},
): Promise<number> {
  const expired = await db.booking.findMany({
    where: {
      status: "HELD",
      holdExpiresAt: { lte: now },
      ...(scope.departureId ? { departureId: scope.departureId } : {}),
    },
    include: { lines: true },
    take: 200,
  });
  let released = 0;
  for (const booking of expired) {
    const done = await db.$transaction(async (tx) => {
      const { count } = await tx.booking.updateMany({
        where: { id: booking.id, status: "HELD" },
        data: { status: "EXPIRED", holdExpiresAt: null },
      });
      if (count !== 1) return false;
      for (const line of booking.lines) {
        await tx.departureCapacity.updateMany({
          where: { departureId: booking.departureId, equipmentCode: line.equipmentCode },
          data: { available: { increment: line.quantity }, held: { decrement: line.quantity } },
        });
      }
      await tx.bookingEvent.create({
        data: { bookingId: booking.id, type: "EXPIRED", fromStatus: "HELD", toStatus: "EXPIRED", createdAt: now },
      });
      return true;
    }, TRANSACTION_OPTIONS);
    if (done) released += 1;
  }
  if (released > 0) invalidateBoard();
  return released;
}

/**
 * The server's periodic sweep for expired holds (reads also release them lazily). Returns a
 * function that stops it.
 */
export function startHoldSweeper(db: Db, everyMs = 60_000): () => void {
  const timer = setInterval(() => {
    releaseExpiredHolds(db).catch((error: unknown) => console.error("Hold sweeper:", error));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
