import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import { can, type Actor } from "~/domain/identity/permissions";
import { OPEN_PAYMENT_STATUSES } from "./payment-status";

/** A booking's payments, newest first, with their invoices, receipts and refunds. */
export function bookingPayments(db: Db, bookingId: string) {
  return db.payment.findMany({
    where: { bookingId },
    include: { invoice: true, receipts: { orderBy: { createdAt: "asc" } }, refunds: { orderBy: { createdAt: "asc" } } },
    orderBy: { createdAt: "desc" },
  });
}

/**
 * What port staff look after: payments for bookings leaving their ports that still wait for
 * money (bank transfers), or need a person (flagged, or a refund to make by hand or that
 * Stripe refused) — newest first.
 */
export async function portPaymentsToConfirm(db: Db, actor: Actor) {
  const ports = actor.staffPorts.filter((portCode) => can(actor, "confirm:payment", { portCode }));
  if (ports.length === 0) throw new AppError("notFound", 404);
  return db.payment.findMany({
    where: {
      booking: { departure: { service: { originCode: { in: ports } } } },
      OR: [
        { method: { in: ["BANK_TRANSFER", "ON_ACCOUNT"] }, status: { in: [...OPEN_PAYMENT_STATUSES] } },
        { flag: { not: null }, refunds: { none: { status: "SUCCEEDED" } } },
        { refunds: { some: { status: { in: ["MANUAL", "FAILED"] } } } },
      ],
    },
    include: {
      invoice: true,
      refunds: { orderBy: { createdAt: "asc" } },
      booking: { include: { company: true } },
    },
    orderBy: { createdAt: "desc" },
    take: 200,
  });
}
