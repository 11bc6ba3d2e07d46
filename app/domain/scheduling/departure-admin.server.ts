import type { Db } from "~/utils/db.server";
import { AppError, invalidFields, isUniqueViolation } from "~/utils/app-error";
import { TRANSACTION_OPTIONS, type Tx } from "~/utils/transactions.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { authorize } from "~/domain/identity/actor.server";
import { can, type Actor } from "~/domain/identity/permissions";
import type { RequestMeta } from "~/domain/identity/session.server";
import { kickBookingNotifications } from "~/domain/booking/notifications.server";
import { lastBusinessDayEndBefore } from "~/domain/payments/bank-days";
import { recordInvoiceVersion } from "~/domain/payments/invoice-document.server";
import { OPEN_PAYMENT_STATUSES } from "~/domain/payments/payment-status";
import { invalidateBoard } from "./board-cache.server";
import { adjustCapacity } from "./publish-timetable.server";

/** A departure with its service and capacity, for the staff of its origin port (others: 404). */
export async function findStaffDeparture(db: Db, actor: Actor, id: string) {
  const departure = await db.departure.findUnique({
    where: { id },
    include: {
      service: { include: { origin: true, destination: true } },
      capacities: { orderBy: { equipmentCode: "asc" } },
    },
  });
  if (!departure) throw new AppError("notFound", 404);
  authorize(actor, "read:departure", { portCode: departure.service.originCode });
  return { departure, canManage: can(actor, "manage:departure", { portCode: departure.service.originCode }) };
}

async function requireManagedDeparture(db: Db, actor: Actor, id: string) {
  const { departure } = await findStaffDeparture(db, actor, id);
  authorize(actor, "manage:departure", { portCode: departure.service.originCode });
  return departure;
}

export interface DepartureTimes {
  departureAt: Date;
  etaAt: Date;
  cargoCutoffAt: Date;
  docCutoffAt: Date;
}

/** Refuses, at their fields, an ETA not after the departure and cut-offs after it. */
export function checkTimes(times: DepartureTimes): void {
  const fields: Record<string, string> = {};
  if (times.etaAt <= times.departureAt) fields.etaAt = "errors.etaBeforeDeparture";
  if (times.cargoCutoffAt > times.departureAt) fields.cargoCutoffAt = "errors.cutoffAfterDeparture";
  if (times.docCutoffAt > times.departureAt) fields.docCutoffAt = "errors.cutoffAfterDeparture";
  if (Object.keys(fields).length > 0) throw invalidFields(fields);
}

/**
 * New times and cut-offs for one departure. Moving the cargo cut-off earlier re-clamps, in the
 * same transaction: a hold never outlives the cut-off (holdEnd), and an invoice awaiting a bank
 * transfer falls due by the last business-day end before it (bankTransferDueAt) — the invoice
 * gets its next document version. A later cut-off lengthens nothing already promised. Audited
 * with what changed and which bookings were re-clamped.
 */
export async function updateDepartureTimes(
  db: Db,
  actor: Actor,
  id: string,
  times: DepartureTimes,
  meta: RequestMeta,
  now = new Date(),
) {
  const departure = await requireManagedDeparture(db, actor, id);
  checkTimes(times);

  const before: DepartureTimes = {
    departureAt: departure.departureAt,
    etaAt: departure.etaAt,
    cargoCutoffAt: departure.cargoCutoffAt,
    docCutoffAt: departure.docCutoffAt,
  };
  const result = await saveTimes(db, actor, id, { before, times }, meta, now).catch((error: unknown) => {
    // The service already has a departure at that time: one train per service and minute.
    if (isUniqueViolation(error)) throw invalidFields({ departureAt: "errors.departureTaken" });
    throw error;
  });
  invalidateBoard();
  if (result.holds.length + result.invoices.length > 0) kickBookingNotifications();
  return result;
}

/** The new times, and the holds and invoices re-clamped to the cargo cut-off, in one audited transaction. */
function saveTimes(
  db: Db,
  actor: Actor,
  id: string,
  change: { before: DepartureTimes; times: DepartureTimes },
  meta: RequestMeta,
  now: Date,
) {
  return db.$transaction((tx) => applyDepartureTimes(tx, actor, id, change, meta, now), TRANSACTION_OPTIONS);
}

/**
 * Inside the caller's transaction: the new times (conditional on `before`, else 409), the holds
 * and invoices re-clamped to the cargo cut-off, and the `departure.times_changed` audit entry.
 * A delay (app/domain/operations/disruptions.server.ts) runs it with its own events and notices.
 */
export async function applyDepartureTimes(
  tx: Tx,
  actor: Actor,
  id: string,
  { before, times }: { before: DepartureTimes; times: DepartureTimes },
  meta: RequestMeta,
  now: Date,
) {
  // Conditional on the times just read: two supervisors saving at once do not both win unseen.
  const { count } = await tx.departure.updateMany({ where: { id, ...before }, data: times });
  if (count !== 1) throw new AppError("changedMeanwhile", 409);
  const cutoff = times.cargoCutoffAt;
  const holds = await tx.booking.findMany({
    where: { departureId: id, status: "HELD", holdExpiresAt: { gt: cutoff } },
    select: { id: true, reference: true, holdExpiresAt: true },
  });
  if (holds.length > 0) {
    await tx.booking.updateMany({
      where: { id: { in: holds.map((hold) => hold.id) }, status: "HELD", holdExpiresAt: { gt: cutoff } },
      data: { holdExpiresAt: cutoff, expiryWarnedAt: null },
    });
  }
  const dueAt = lastBusinessDayEndBefore(cutoff);
  const invoices = await tx.invoice.findMany({
    where: {
      dueAt: { gt: dueAt },
      payment: {
        method: "BANK_TRANSFER",
        status: { in: [...OPEN_PAYMENT_STATUSES] },
        booking: { departureId: id, status: "AWAITING_PAYMENT" },
      },
    },
    select: { id: true, number: true, dueAt: true, payment: { select: { bookingId: true } } },
  });
  for (const invoice of invoices) {
    await tx.invoice.update({ where: { id: invoice.id }, data: { dueAt } });
    await tx.booking.updateMany({
      where: { id: invoice.payment.bookingId, status: "AWAITING_PAYMENT" },
      data: { holdExpiresAt: dueAt, expiryWarnedAt: null },
    });
    await recordInvoiceVersion(tx, invoice.id, actor.userId, now);
  }
  const reclamped = {
    holds: holds.map((hold) => ({ reference: hold.reference, from: hold.holdExpiresAt, to: cutoff })),
    invoices: invoices.map((invoice) => ({ number: invoice.number, from: invoice.dueAt, to: dueAt })),
  };
  await recordAudit(tx, {
    actorId: actor.userId,
    action: "departure.times_changed",
    entity: "Departure",
    entityId: id,
    ipAddress: meta.ipAddress,
    before,
    after: { ...times, reclamped },
  });
  return reclamped;
}

export interface CapacityInput {
  equipmentCode: string;
  total: number;
  tariffMinor: number;
  minChargeMinor: number | null;
}

/**
 * One equipment type of a departure: its capacity (adjustCapacity: atomic, never below held +
 * booked, refused with the numbers) and its tariff. A tariff is what the next quote and hold
 * use; bookings keep the price they were held at (Booking.totalMinor, priceLines). Audited.
 */
export async function updateCapacityAndTariff(
  db: Db,
  actor: Actor,
  id: string,
  input: CapacityInput,
  meta: RequestMeta,
) {
  const departure = await requireManagedDeparture(db, actor, id);
  const before = departure.capacities.find((capacity) => capacity.equipmentCode === input.equipmentCode);
  if (!before) throw new AppError("notFound", 404);
  if (before.minChargeMinor === null && input.minChargeMinor !== null && departure.service.mode !== "AIR")
    throw invalidFields({ minChargeMinor: "errors.minChargeAirOnly" });
  const counts =
    input.total === before.total
      ? { total: before.total, available: before.available, held: before.held, booked: before.booked }
      : await adjustCapacity(db, { departureId: id, equipmentCode: input.equipmentCode, total: input.total });
  if (before.tariffMinor !== input.tariffMinor || before.minChargeMinor !== input.minChargeMinor) {
    await db.departureCapacity.update({
      where: { id: before.id },
      data: { tariffMinor: input.tariffMinor, minChargeMinor: input.minChargeMinor },
    });
    invalidateBoard();
  }
  await recordAudit(db, {
    actorId: actor.userId,
    action: "departure.capacity_changed",
    entity: "Departure",
    entityId: id,
    ipAddress: meta.ipAddress,
    before: {
      equipmentCode: before.equipmentCode,
      total: before.total,
      tariffMinor: before.tariffMinor,
      minChargeMinor: before.minChargeMinor,
    },
    after: { ...input, ...counts },
  });
  return counts;
}
