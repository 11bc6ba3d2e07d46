import type { Tx } from "~/utils/transactions.server";
import type { Db } from "~/utils/db.server";
import { AppError, isUniqueViolation } from "~/utils/app-error";
import { env } from "~/utils/env.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { bookHeldCapacity } from "~/domain/booking/holds.server";
import { TRANSACTION_OPTIONS } from "~/utils/transactions.server";
import { kickBookingNotifications } from "~/domain/booking/notifications.server";
import { authorize } from "~/domain/identity/actor.server";
import { can, type Actor } from "~/domain/identity/permissions";
import type { RequestMeta } from "~/domain/identity/session.server";
import { invalidateBoard } from "~/domain/scheduling/board-cache.server";
import type { Locale } from "~/i18n/config";
import {
  lockBooking,
  payableBooking,
  requireLiveHold,
  refundedOrDue,
  settleBooking,
  voidOpenCheckouts,
  type LockedBooking,
  type SettleOutcome,
} from "./settlement.server";
import { CLOSED_FOR_MONEY, isIn, OPEN_PAYMENT_STATUSES } from "./payment-status";
import { yearInChina } from "./issuer-time";
import { recordInvoiceVersion } from "./invoice-document.server";
import { expireCheckoutSessions } from "./stripe.server";

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
  const year = yearInChina(now);
  await tx.$executeRaw`INSERT INTO "InvoiceCounter" ("year", "last") VALUES (${year}, 0) ON CONFLICT ("year") DO NOTHING`;
  await tx.invoiceCounter.update({ where: { year }, data: { last: { increment: 1 } } });
  const { last } = await tx.invoiceCounter.findUniqueOrThrow({ where: { year } });
  return `SGI-${year}-${String(last).padStart(6, "0")}`;
}

async function issueInvoice(
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

/**
 * Starts a way of paying for a held booking in one transaction that first locks the booking:
 * a Stripe checkout not paid yet is voided (its session is expired at Stripe after commit),
 * one being processed blocks the change, so a booking never has two attempts that can both
 * take money.
 */
async function switchHeldBooking<T>(
  db: Db,
  booking: { id: string },
  now: Date,
  change: (tx: Tx, locked: LockedBooking) => Promise<T>,
): Promise<T | null> {
  const { result, sessions } = await db.$transaction(async (tx) => {
    const locked = await lockBooking(tx, booking.id, now);
    if (locked.status !== "HELD") return { result: null, sessions: [] };
    const processing = await tx.payment.count({ where: { bookingId: booking.id, status: "PROCESSING" } });
    if (processing > 0) throw new AppError("paymentInProgress", 409);
    const sessions = await voidOpenCheckouts(tx, booking.id);
    return { result: await change(tx, locked), sessions };
  }, TRANSACTION_OPTIONS);
  await expireCheckoutSessions(sessions);
  return result;
}

/**
 * The exporter chooses to pay a held booking by bank transfer: an invoice is issued, and the
 * hold becomes "awaiting payment" until the invoice's due time. Choosing twice (a double
 * submit) gives the same invoice.
 */
export async function chooseBankTransfer(db: Db, actor: Actor, reference: string, locale: Locale, now = new Date()) {
  const booking = await payableBooking(db, actor, reference);
  const existing = () =>
    db.invoice.findFirst({
      where: {
        payment: { bookingId: booking.id, method: "BANK_TRANSFER", status: { in: [...OPEN_PAYMENT_STATUSES] } },
      },
    });
  if (booking.status === "AWAITING_PAYMENT") {
    const open = await existing();
    if (open) return open;
  }
  requireLiveHold(booking, now);
  const dueAt = bankTransferDueAt(now, env().BANK_TRANSFER_DAYS, booking.departure.cargoCutoffAt);

  const invoice = await switchHeldBooking(db, booking, now, async (tx) => {
    await tx.booking.update({
      where: { id: booking.id },
      data: { status: "AWAITING_PAYMENT", holdExpiresAt: dueAt },
    });
    return invoiceHeldBooking(tx, booking, "BANK_TRANSFER", "AWAITING_PAYMENT", { actor, dueAt, locale, now });
  });
  if (!invoice) {
    const open = await existing();
    if (open) return open;
    throw new AppError("notPayable", 409);
  }
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
  requireLiveHold(booking, now);
  const dueAt = new Date(booking.departure.departureAt.getTime() + ON_ACCOUNT_TERM_DAYS * 86_400_000);

  const confirmed = await switchHeldBooking(db, booking, now, async (tx, locked) => {
    await tx.booking.update({ where: { id: booking.id }, data: { status: "CONFIRMED", holdExpiresAt: null } });
    await bookHeldCapacity(tx, booking.departureId, locked.lines);
    await invoiceHeldBooking(tx, booking, "ON_ACCOUNT", "CONFIRMED", { actor, dueAt, locale, now });
    return true;
  });
  if (!confirmed) {
    if ((await db.booking.findUniqueOrThrow({ where: { id: booking.id } })).status === "CONFIRMED") return;
    throw new AppError("notPayable", 409);
  }
  invalidateBoard();
  kickBookingNotifications();
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
 * beyond the invoice, money for a booking confirmed another way, and money arriving after the
 * payment was closed go back (a refund for staff to make, never more than what came in); money
 * for a booking whose slots are gone is refunded and the exporter is told.
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
    include: { payment: { include: { booking: { include: { departure: { include: { service: true } } } } } } },
  });
  if (!invoice) throw new AppError("notFound", 404);
  const { payment } = invoice;
  authorize(actor, "confirm:payment", { portCode: payment.booking.departure.service.originCode });
  if (!["BANK_TRANSFER", "ON_ACCOUNT"].includes(payment.method)) throw new AppError("notBankPayment", 409);

  const outcome = await db
    .$transaction(async (tx) => {
      const booking = await lockBooking(tx, payment.bookingId, now);
      const current = await tx.payment.findUniqueOrThrow({ where: { id: payment.id }, include: { refunds: true } });
      const duplicate = await tx.bankReceipt.findUnique({
        where: { paymentId_bankReference: { paymentId: payment.id, bankReference: receipt.bankReference } },
      });
      if (duplicate) throw new AppError("duplicateReceipt", 409, "bankReference");
      await tx.bankReceipt.create({
        data: {
          paymentId: payment.id,
          amountMinor: receipt.amountMinor,
          currency: current.currency,
          receivedOn: receipt.receivedOn,
          bankReference: receipt.bankReference,
          recordedById: actor.userId,
          createdAt: now,
        },
      });
      const received = current.receivedMinor + receipt.amountMinor;
      const alreadyBack = refundedOrDue(current.refunds);
      const detail = { invoice: invoice.number, receivedMinor: received, amountMinor: current.amountMinor };
      let settled: SettleOutcome | null = null;
      let status = current.status;
      let flag = current.flag;
      let refund: { amountMinor: number; reason: string } | null = null;

      if (isIn(current.status, CLOSED_FOR_MONEY)) {
        // The payment is closed (booking cancelled, or already being refunded): this goes back.
        refund = { amountMinor: receipt.amountMinor, reason: "LATE_PAYMENT" };
        status = "REFUND_PENDING";
        flag = flag ?? "PAID_AFTER_CLOSE";
      } else if (received < current.amountMinor) {
        status = current.status === "EXPIRED" ? "EXPIRED" : "PARTIALLY_PAID";
        if (current.status === "EXPIRED") flag = "EXPIRED_PARTLY_PAID";
        await tx.bookingEvent.create({
          data: {
            bookingId: booking.id,
            actorId: actor.userId,
            type: "PAYMENT_RECEIVED",
            fromStatus: booking.status,
            toStatus: booking.status,
            detail: JSON.stringify({ ...detail, outstandingMinor: current.amountMinor - received }),
            createdAt: now,
          },
        });
      } else if (current.status === "SUCCEEDED" || current.method === "ON_ACCOUNT") {
        // Settling an on-account invoice, or more money for one already paid.
        settled = "ALREADY_CONFIRMED";
        status = "SUCCEEDED";
        const over = received - current.amountMinor - alreadyBack;
        if (over > 0) {
          refund = { amountMinor: Math.min(over, receipt.amountMinor), reason: "OVERPAYMENT" };
          flag = "OVERPAID";
        }
      } else {
        settled = await settleBooking(tx, booking, payment.id, actor.userId, detail, now);
        if (settled === "NEEDS_REFUND" || settled === "ALREADY_CONFIRMED") {
          refund = {
            amountMinor: received - alreadyBack,
            reason: settled === "NEEDS_REFUND" ? "LATE_PAYMENT" : "DUPLICATE",
          };
          status = "REFUND_PENDING";
          flag = settled === "NEEDS_REFUND" ? "LATE_NO_CAPACITY" : "DUPLICATE_PAYMENT";
        } else {
          status = "SUCCEEDED";
          const over = received - current.amountMinor - alreadyBack;
          if (over > 0) {
            refund = { amountMinor: over, reason: "OVERPAYMENT" };
            flag = "OVERPAID";
          }
        }
      }
      await tx.payment.update({ where: { id: payment.id }, data: { receivedMinor: received, status, flag } });
      // The invoice's next version shows what has been received and what is still due.
      await recordInvoiceVersion(tx, invoice.id, actor.userId, now);
      if (refund && refund.amountMinor > 0) {
        // Bank refunds are made by hand: the record tells staff how much goes back, and why.
        await tx.refund.create({
          data: {
            paymentId: payment.id,
            amountMinor: refund.amountMinor,
            currency: current.currency,
            reason: refund.reason,
            status: "MANUAL",
            idempotencyKey: `bank-${payment.id}-${receipt.bankReference}`,
            createdAt: now,
          },
        });
      }
      return { settled, outstanding: Math.max(0, current.amountMinor - received) };
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
  if (outcome.settled === "CONFIRMED" || outcome.settled === "LATE_CONFIRMED") invalidateBoard();
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
