import type { Prisma } from "~/generated/prisma/sqlite/client";
import type { Db } from "~/utils/db.server";
import { AppError, isUniqueViolation } from "~/utils/app-error";
import { env } from "~/utils/env.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { bookHeldCapacity, TRANSACTION_OPTIONS, tryTakeCapacity } from "~/domain/booking/holds.server";
import { kickBookingNotifications } from "~/domain/booking/notifications.server";
import { authorize } from "~/domain/identity/actor.server";
import { can, type Actor } from "~/domain/identity/permissions";
import type { RequestMeta } from "~/domain/identity/session.server";
import { invalidateBoard } from "~/domain/scheduling/board-cache.server";
import type { Locale } from "~/i18n/config";

type Tx = Prisma.TransactionClient;

/** Payments still waiting for money. */
export const OPEN_PAYMENT_STATUSES = ["PENDING", "PROCESSING", "PARTIALLY_PAID"];

/** A booking the actor may pay for (their company's, with the right to change it), or 404/403. */
async function payableBooking(db: Db, actor: Actor, reference: string) {
  const booking = await db.booking.findUnique({
    where: { reference },
    include: { lines: true, company: true, departure: { include: { service: true } } },
  });
  if (!booking) throw new AppError("notFound", 404);
  authorize(actor, "update:booking", { companyId: booking.companyId });
  return booking;
}

/** When an invoice for a bank transfer falls due: BANK_TRANSFER_DAYS from now, at the latest the cut-off. */
export function bankTransferDueAt(now: Date, days: number, cargoCutoffAt: Date): Date {
  const due = new Date(now.getTime() + days * 86_400_000);
  return due < cargoCutoffAt ? due : cargoCutoffAt;
}

/** Invoices of an on-account company fall due 30 days after the departure. */
const ON_ACCOUNT_TERM_DAYS = 30;

/**
 * The next invoice number of the year (China time), without gaps: the counter row is created
 * if missing (portable INSERT … ON CONFLICT DO NOTHING) and incremented inside the caller's
 * transaction, which holds its lock until commit — a rolled-back booking gives its number back.
 */
async function nextInvoiceNumber(tx: Tx, now: Date): Promise<string> {
  const year = new Date(now.getTime() + 8 * 3_600_000).getUTCFullYear();
  await tx.$executeRaw`INSERT INTO "InvoiceCounter" ("year", "last") VALUES (${year}, 0) ON CONFLICT ("year") DO NOTHING`;
  await tx.invoiceCounter.update({ where: { year }, data: { last: { increment: 1 } } });
  const { last } = await tx.invoiceCounter.findUniqueOrThrow({ where: { year } });
  return `SGI-${year}-${String(last).padStart(6, "0")}`;
}

async function issueInvoice(
  tx: Tx,
  payment: { id: string; companyId: string; currency: string; amountMinor: number },
  dueAt: Date,
  locale: Locale,
  now: Date,
) {
  const number = await nextInvoiceNumber(tx, now);
  return tx.invoice.create({
    data: {
      number,
      paymentId: payment.id,
      companyId: payment.companyId,
      currency: payment.currency,
      amountMinor: payment.amountMinor,
      paymentReference: number,
      issuedAt: now,
      dueAt,
      locale,
    },
  });
}

/**
 * The payment a held booking is invoiced for, its invoice, and the booking's change of status
 * in its history — inside the caller's transaction, after it changed the status.
 */
async function invoiceHeldBooking(
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
  const invoice = await issueInvoice(tx, payment, at.dueAt, at.locale, at.now);
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

/**
 * The exporter chooses to pay a held booking by bank transfer: an invoice is issued, and the
 * hold becomes "awaiting payment" until the invoice's due time. Choosing twice (a double
 * submit) gives the same invoice.
 */
export async function chooseBankTransfer(db: Db, actor: Actor, reference: string, locale: Locale, now = new Date()) {
  const booking = await payableBooking(db, actor, reference);
  if (booking.status === "AWAITING_PAYMENT") {
    const open = await db.invoice.findFirst({
      where: { payment: { bookingId: booking.id, method: "BANK_TRANSFER", status: { in: OPEN_PAYMENT_STATUSES } } },
    });
    if (open) return open;
  }
  if (booking.status !== "HELD") throw new AppError("notPayable", 409);
  if (!booking.holdExpiresAt || booking.holdExpiresAt <= now) throw new AppError("holdLapsed", 409);
  const dueAt = bankTransferDueAt(now, env().BANK_TRANSFER_DAYS, booking.departure.cargoCutoffAt);

  const invoice = await db.$transaction(async (tx) => {
    const { count } = await tx.booking.updateMany({
      where: { id: booking.id, status: "HELD" },
      data: { status: "AWAITING_PAYMENT", holdExpiresAt: dueAt },
    });
    if (count !== 1) return null;
    const issued = await invoiceHeldBooking(tx, booking, "BANK_TRANSFER", "AWAITING_PAYMENT", {
      actor,
      dueAt,
      locale,
      now,
    });
    return issued;
  }, TRANSACTION_OPTIONS);
  if (!invoice) return chooseBankTransfer(db, actor, reference, locale, now);
  kickBookingNotifications();
  return invoice;
}

/**
 * A company trusted to pay on account confirms a held booking at once: its slots become
 * booked, and an invoice falls due after the departure.
 */
export async function confirmOnAccount(db: Db, actor: Actor, reference: string, locale: Locale, now = new Date()) {
  const booking = await payableBooking(db, actor, reference);
  if (booking.status === "CONFIRMED") return;
  if (booking.company.creditStatus !== "ON_ACCOUNT") throw new AppError("notOnAccount", 403);
  if (booking.status !== "HELD") throw new AppError("notPayable", 409);
  if (!booking.holdExpiresAt || booking.holdExpiresAt <= now) throw new AppError("holdLapsed", 409);
  const dueAt = new Date(booking.departure.departureAt.getTime() + ON_ACCOUNT_TERM_DAYS * 86_400_000);

  const confirmed = await db.$transaction(async (tx) => {
    const { count } = await tx.booking.updateMany({
      where: { id: booking.id, status: "HELD" },
      data: { status: "CONFIRMED", holdExpiresAt: null },
    });
    if (count !== 1) return false;
    await bookHeldCapacity(tx, booking.departureId, booking.lines);
    await invoiceHeldBooking(tx, booking, "ON_ACCOUNT", "CONFIRMED", { actor, dueAt, locale, now });
    return true;
  }, TRANSACTION_OPTIONS);
  if (!confirmed) throw new AppError("notPayable", 409);
  invalidateBoard();
  kickBookingNotifications();
}

/** What paying in full did to the booking. */
export type SettleOutcome = "CONFIRMED" | "LATE_CONFIRMED" | "ALREADY_CONFIRMED" | "NEEDS_REFUND";

/**
 * The booking of a payment that has just been paid in full, inside the caller's transaction:
 * a hold or an awaiting booking is confirmed (held → booked); a booking whose hold lapsed is
 * confirmed if its slots are still free, otherwise the money must go back.
 */
export async function settleBooking(
  tx: Tx,
  booking: { id: string; status: string; departureId: string; lines: { equipmentCode: string; quantity: number }[] },
  actorId: string | null,
  detail: Record<string, unknown>,
  now: Date,
): Promise<SettleOutcome> {
  const event = (type: string, fromStatus: string, toStatus: string, extra: Record<string, unknown> = {}) =>
    tx.bookingEvent.create({
      data: {
        bookingId: booking.id,
        actorId,
        type,
        fromStatus,
        toStatus,
        detail: JSON.stringify({ ...detail, ...extra }),
        createdAt: now,
      },
    });
  if (booking.status === "CONFIRMED") return "ALREADY_CONFIRMED";
  if (booking.status === "HELD" || booking.status === "AWAITING_PAYMENT") {
    const { count } = await tx.booking.updateMany({
      where: { id: booking.id, status: booking.status },
      data: { status: "CONFIRMED", holdExpiresAt: null },
    });
    if (count === 1) {
      await bookHeldCapacity(tx, booking.departureId, booking.lines);
      await event("CONFIRMED", booking.status, "CONFIRMED");
      return "CONFIRMED";
    }
  }
  if (booking.status === "EXPIRED") {
    const { count } = await tx.booking.updateMany({
      where: { id: booking.id, status: "EXPIRED" },
      data: { status: "CONFIRMED", holdExpiresAt: null },
    });
    if (count === 1) {
      if (await tryTakeCapacity(tx, booking.departureId, booking.lines, "booked")) {
        await event("CONFIRMED", "EXPIRED", "CONFIRMED", { late: true });
        return "LATE_CONFIRMED";
      }
      await tx.booking.updateMany({ where: { id: booking.id }, data: { status: "EXPIRED" } });
    }
  }
  await event("LATE_PAYMENT_REFUND", booking.status, booking.status);
  return "NEEDS_REFUND";
}

export interface ReceiptInput {
  amountMinor: number;
  /** The value date on the bank statement, YYYY-MM-DD. */
  receivedOn: string;
  bankReference: string;
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

/**
 * Port staff record money received on the operator's account against an invoice. The same
 * bank transaction is never counted twice (unique per invoice). When the invoice is paid in
 * full the booking is confirmed; a part payment is recorded and the rest stays due; money
 * beyond the invoice is flagged for staff to give back; money for a booking whose slots are
 * gone is flagged for a refund and the exporter is told.
 */
export async function recordBankReceipt(
  db: Db,
  actor: Actor,
  invoiceNumber: string,
  receipt: ReceiptInput,
  meta: RequestMeta,
  now = new Date(),
) {
  const invoice = await db.invoice.findUnique({
    where: { number: invoiceNumber },
    include: {
      payment: { include: { booking: { include: { lines: true, departure: { include: { service: true } } } } } },
    },
  });
  if (!invoice) throw new AppError("notFound", 404);
  const { payment } = invoice;
  const { booking } = payment;
  authorize(actor, "confirm:payment", { portCode: booking.departure.service.originCode });
  if (!["BANK_TRANSFER", "ON_ACCOUNT"].includes(payment.method)) throw new AppError("notBankPayment", 409);

  const outcome = await db
    .$transaction(async (tx) => {
      const duplicate = await tx.bankReceipt.findUnique({
        where: { paymentId_bankReference: { paymentId: payment.id, bankReference: receipt.bankReference } },
      });
      if (duplicate) throw new AppError("duplicateReceipt", 409, "bankReference");
      await tx.bankReceipt.create({
        data: {
          paymentId: payment.id,
          amountMinor: receipt.amountMinor,
          currency: payment.currency,
          receivedOn: receipt.receivedOn,
          bankReference: receipt.bankReference,
          recordedById: actor.userId,
          createdAt: now,
        },
      });
      const paid = await tx.payment.update({
        where: { id: payment.id },
        data: { receivedMinor: { increment: receipt.amountMinor } },
      });
      const outstanding = paid.amountMinor - paid.receivedMinor;
      const wasSettled = paid.receivedMinor - receipt.amountMinor >= paid.amountMinor;
      const detail = { invoice: invoice.number, receivedMinor: paid.receivedMinor, amountMinor: paid.amountMinor };
      if (outstanding > 0) {
        await tx.payment.update({ where: { id: payment.id }, data: { status: "PARTIALLY_PAID" } });
        await tx.bookingEvent.create({
          data: {
            bookingId: booking.id,
            actorId: actor.userId,
            type: "PAYMENT_RECEIVED",
            fromStatus: booking.status,
            toStatus: booking.status,
            detail: JSON.stringify({ ...detail, outstandingMinor: outstanding }),
            createdAt: now,
          },
        });
        return { settled: null, outstanding };
      }
      const overpaid = -outstanding;
      const current = await tx.booking.findUniqueOrThrow({ where: { id: booking.id }, select: { status: true } });
      const settled = wasSettled
        ? "ALREADY_CONFIRMED"
        : await settleBooking(tx, { ...booking, status: current.status }, actor.userId, detail, now);
      const refundMinor = settled === "NEEDS_REFUND" ? paid.receivedMinor : overpaid;
      await tx.payment.update({
        where: { id: payment.id },
        data: {
          status: settled === "NEEDS_REFUND" ? "REFUND_PENDING" : "SUCCEEDED",
          flag: settled === "NEEDS_REFUND" ? "LATE_NO_CAPACITY" : overpaid > 0 ? "OVERPAID" : null,
        },
      });
      if (refundMinor > 0) {
        // Bank refunds are made by hand: the record tells staff how much goes back, and why.
        await tx.refund.create({
          data: {
            paymentId: payment.id,
            amountMinor: refundMinor,
            currency: payment.currency,
            reason: settled === "NEEDS_REFUND" ? "LATE_PAYMENT" : "OVERPAYMENT",
            status: "MANUAL",
            idempotencyKey: `bank-${payment.id}-${receipt.bankReference}`,
            createdAt: now,
          },
        });
      }
      return { settled, outstanding: 0 };
    }, TRANSACTION_OPTIONS)
    .catch((error: unknown) => {
      // Two people recording the same bank transaction at once: the unique key refuses the second.
      if (isUniqueViolation(error)) throw new AppError("duplicateReceipt", 409, "bankReference");
      throw error;
    });

  await recordAudit(db, {
    actorId: actor.userId,
    action: "payment.receipt_recorded",
    entity: "Payment",
    entityId: payment.id,
    ipAddress: meta.ipAddress,
    before: { receivedMinor: payment.receivedMinor, status: payment.status },
    after: { receipt, outcome: outcome.settled ?? "PARTIAL" },
  });
  if (outcome.settled && outcome.settled !== "ALREADY_CONFIRMED") invalidateBoard();
  kickBookingNotifications();
  return outcome;
}

/** A booking's payments, newest first, with their invoices, receipts and refunds. */
export function bookingPayments(db: Db, bookingId: string) {
  return db.payment.findMany({
    where: { bookingId },
    include: { invoice: true, receipts: { orderBy: { createdAt: "asc" } }, refunds: { orderBy: { createdAt: "asc" } } },
    orderBy: { createdAt: "desc" },
  });
}

/**
 * What port staff confirm: invoices of bookings leaving their ports that still wait for money
 * or need a look (flagged), soonest due first.
 */
export async function portPaymentsToConfirm(db: Db, actor: Actor) {
  const ports = actor.staffPorts.filter((portCode) => can(actor, "confirm:payment", { portCode }));
  if (ports.length === 0) throw new AppError("notFound", 404);
  return db.invoice.findMany({
    where: {
      payment: {
        method: { in: ["BANK_TRANSFER", "ON_ACCOUNT"] },
        OR: [{ status: { in: [...OPEN_PAYMENT_STATUSES, "EXPIRED"] } }, { flag: { not: null } }],
        booking: { departure: { service: { originCode: { in: ports } } } },
      },
    },
    include: {
      payment: {
        include: {
          refunds: true,
          booking: { include: { company: true, departure: { include: { service: true } } } },
        },
      },
    },
    orderBy: { dueAt: "asc" },
    take: 200,
  });
}
