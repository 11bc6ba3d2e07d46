import { readDetails } from "./consignment";
import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import { recordAudit } from "~/domain/audit/audit.server";
import { authorize } from "~/domain/identity/actor.server";
import { type Actor } from "~/domain/identity/permissions";
import type { RequestMeta } from "~/domain/identity/session.server";
import { invalidateBoard } from "~/domain/scheduling/board-cache.server";
import { allows, canAmend } from "./lifecycle";
import { quoteDetails } from "./quote";
import { returnCapacity, takeCapacity } from "./holds.server";
import { TRANSACTION_OPTIONS } from "~/utils/transactions.server";
import { voidOpenCheckouts } from "~/domain/payments/settlement.server";
import { expireCheckoutSessions } from "~/domain/payments/stripe.server";
import { recordRevision } from "./revisions.server";
import { syncShipmentEquipment } from "./shipment-equipment.server";
import { findCompanyBooking } from "./find-bookings.server";
import { enforceHoldLimits } from "./hold-limits.server";

/**
 * Changes the containers of a held booking before the cargo cut-off: the difference per equipment
 * type is taken (conditionally, as in a hold) or given back, the price is recomputed at the
 * departure's tariffs, and the change is kept in the history — all in one transaction that
 * first checks the booking is still in the status it was read in.
 */
export async function amendBooking(
  db: Db,
  {
    actor,
    reference,
    containers,
    meta,
    now = new Date(),
  }: {
    actor: Actor;
    reference: string;
    containers: { equipmentCode: string; quantity: number; shipperOwned: boolean }[];
    meta: RequestMeta;
    now?: Date;
  },
) {
  const booking = await findCompanyBooking(db, actor, reference);
  authorize(actor, "update:booking", { companyId: booking.companyId });
  // Only a hold is changed here: once an invoice is out or money is in, a change of price would
  // leave the payment behind — such bookings are cancelled under the policy and booked again.
  const { mode } = booking.departure.service;
  if (!canAmend({ status: booking.status, mode, cargoCutoffAt: booking.departure.cargoCutoffAt }, now)) {
    const onlyTooLate = allows(booking.status, "amend") && mode !== "AIR";
    throw new AppError(onlyTooLate ? "pastCutoff" : "notAmendable", 409);
  }
  const details = { ...readDetails(booking.details), containers: containers.filter((line) => line.quantity > 0) };
  if (details.containers.length === 0) throw new AppError("nothingToBook", 400);
  const { price, takes } = quoteDetails(details, booking.departure.capacities);
  const before = new Map(booking.lines.map((line) => [line.equipmentCode, line.quantity]));
  const after = new Map(takes.map((line) => [line.equipmentCode, line.quantity]));
  const bucket = "held";

  const changed = await db.$transaction(async (tx) => {
    // The company's turn is taken last, by enforceHoldLimits, in the same order as a hold's.
    const { count } = await tx.booking.updateMany({
      // Conditional on the details read (a party correction meanwhile is not undone) and the
      // departure (a move meanwhile, decision 022, holds the slots elsewhere).
      where: { id: booking.id, status: booking.status, departureId: booking.departureId, details: booking.details },
      data: { details: JSON.stringify(details), priceLines: JSON.stringify(price.lines), totalMinor: price.totalMinor },
    });
    if (count !== 1) return null;
    if ((await tx.payment.count({ where: { bookingId: booking.id, status: "PROCESSING" } })) > 0) {
      throw new AppError("paymentInProgress", 409);
    }
    // A checkout opened for the old price can no longer be paid.
    const sessions = await voidOpenCheckouts(tx, booking.id);
    const deltas = [...new Set([...before.keys(), ...after.keys()])].map((equipmentCode) => ({
      equipmentCode,
      quantity: (after.get(equipmentCode) ?? 0) - (before.get(equipmentCode) ?? 0),
    }));
    // Row by row in one order (by equipment type), like a hold's lines: an amendment taking one
    // type and giving back another never waits crosswise for a hold taking both (PostgreSQL).
    for (const delta of deltas.sort((a, b) => a.equipmentCode.localeCompare(b.equipmentCode))) {
      if (delta.quantity > 0) await takeCapacity(tx, booking.departureId, [delta], bucket);
      else await returnCapacity(tx, booking.departureId, [{ ...delta, quantity: -delta.quantity }], bucket);
    }
    await tx.bookingLine.deleteMany({ where: { bookingId: booking.id } });
    await tx.bookingLine.createMany({ data: takes.map((line) => ({ bookingId: booking.id, ...line })) });
    await syncShipmentEquipment(tx, { id: booking.id, details });
    await enforceHoldLimits(tx, booking.companyId, booking.departure, now);
    await tx.bookingEvent.create({
      data: {
        bookingId: booking.id,
        actorId: actor.userId,
        type: "AMENDED",
        fromStatus: booking.status,
        toStatus: booking.status,
        detail: JSON.stringify({
          before: Object.fromEntries(before),
          after: Object.fromEntries(after),
          totalBefore: booking.totalMinor,
          totalAfter: price.totalMinor,
        }),
        createdAt: now,
      },
    });
    await recordRevision(tx, {
      bookingId: booking.id,
      actorId: actor.userId,
      kind: "CONTAINERS",
      before: { containers: Object.fromEntries(before), totalMinor: booking.totalMinor, currency: booking.currency },
      after: { containers: Object.fromEntries(after), totalMinor: price.totalMinor, currency: booking.currency },
      now,
    });
    return { sessions };
  }, TRANSACTION_OPTIONS);
  if (!changed) {
    const current = await db.booking.findUniqueOrThrow({ where: { id: booking.id }, select: { status: true } });
    throw new AppError(current.status === booking.status ? "changedMeanwhile" : "notAmendable", 409);
  }
  await expireCheckoutSessions(changed.sessions);
  invalidateBoard();
  await recordAudit(db, {
    actorId: actor.userId,
    action: "booking.amended",
    entity: "Booking",
    entityId: booking.id,
    ipAddress: meta.ipAddress,
    before: Object.fromEntries(before),
    after: Object.fromEntries(after),
  });
  return findCompanyBooking(db, actor, reference);
}
