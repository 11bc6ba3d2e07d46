import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import type { Tx } from "~/utils/transactions.server";
import { can, type Actor } from "~/domain/identity/permissions";
import type { Locale } from "~/i18n/config";
import { recordInvoiceVersion } from "./invoice-document.server";
import { yearInChina } from "./issuer-time";

/**
 * The next invoice number of the year (China time), without gaps: the counter row is created
 * if missing (portable INSERT … ON CONFLICT DO NOTHING) and incremented inside the caller's
 * transaction, which holds its lock until commit — a rolled-back booking gives its number back.
 */
async function nextInvoiceNumber(tx: Tx, now: Date): Promise<string> {
  const year = yearInChina(now);
  await tx.$executeRaw`INSERT INTO "InvoiceCounter" ("year", "last") VALUES (${year}, 0) ON CONFLICT ("year") DO NOTHING`;
  await tx.invoiceCounter.update({ where: { year }, data: { last: { increment: 1 } } });
  const { last } = await tx.invoiceCounter.findUniqueOrThrow({ where: { year } });
  return `SGI-${year}-${String(last).padStart(6, "0")}`;
}

export async function issueInvoice(
  tx: Tx,
  payment: { id: string; companyId: string; currency: string; amountMinor: number },
  dueAt: Date,
  issuedBy: { actorId: string; locale: Locale },
  now: Date,
) {
  const number = await nextInvoiceNumber(tx, now);
  const invoice = await tx.invoice.create({
    data: {
      number,
      paymentId: payment.id,
      companyId: payment.companyId,
      currency: payment.currency,
      amountMinor: payment.amountMinor,
      paymentReference: number,
      issuedAt: now,
      dueAt,
      locale: issuedBy.locale,
    },
  });
  await recordInvoiceVersion(tx, invoice.id, issuedBy.actorId, now);
  return invoice;
}

/**
 * The payment a held booking is invoiced for, its invoice, and the booking's change of status
 * in its history — inside the caller's transaction, after it changed the status.
 */
export async function invoiceHeldBooking(
  tx: Tx,
  booking: { id: string; companyId: string; currency: string; totalMinor: number },
  method: "BANK_TRANSFER" | "ON_ACCOUNT",
  toStatus: "AWAITING_PAYMENT" | "CONFIRMED",
  at: { actor: Actor; dueAt: Date; locale: Locale; now: Date },
) {
  const payment = await tx.payment.create({
    data: {
      bookingId: booking.id,
      companyId: booking.companyId,
      method,
      status: "PENDING",
      currency: booking.currency,
      amountMinor: booking.totalMinor,
      createdById: at.actor.userId,
      createdAt: at.now,
    },
  });
  const invoice = await issueInvoice(tx, payment, at.dueAt, { actorId: at.actor.userId, locale: at.locale }, at.now);
  await tx.bookingEvent.create({
    data: {
      bookingId: booking.id,
      actorId: at.actor.userId,
      type: toStatus,
      fromStatus: "HELD",
      toStatus,
      detail: JSON.stringify({ method, invoice: invoice.number, dueAt: at.dueAt }),
      createdAt: at.now,
    },
  });
  return invoice;
}

/** The invoice with what staff and the exporter see of it, if the actor may see it at all. */
export async function findInvoice(db: Db, actor: Actor, number: string) {
  const invoice = await db.invoice.findUnique({
    where: { number },
    include: {
      payment: {
        include: {
          receipts: { orderBy: { createdAt: "asc" } },
          refunds: { orderBy: { createdAt: "asc" } },
          booking: { include: { lines: true, company: true, departure: { include: { service: true } } } },
        },
      },
    },
  });
  if (!invoice) throw new AppError("notFound", 404);
  const { booking } = invoice.payment;
  const portCode = booking.departure.service.originCode;
  // The exporter's company and the staff of the departure's port; nobody else learns it exists.
  if (!can(actor, "read:booking", { companyId: booking.companyId }) && !can(actor, "confirm:payment", { portCode })) {
    throw new AppError("notFound", 404);
  }
  return invoice;
}
