import { z } from "zod";
import type { Prisma } from "~/generated/prisma/sqlite/client";
import { AirPieceSchema, CargoSchema, PartiesSchema } from "~/schemas/booking";
import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import { recordAudit } from "~/domain/audit/audit.server";
import { authorize } from "~/domain/identity/actor.server";
import { can, type Actor } from "~/domain/identity/permissions";
import type { RequestMeta } from "~/domain/identity/session.server";
import { invalidateBoard } from "~/domain/scheduling/board-cache.server";
import { effectiveStatus } from "~/domain/scheduling/departure-status";
import { env } from "~/utils/env.server";
import { allows, canAmend, canCancel, feeFor, holdLapsed, nextStatus } from "./lifecycle";
import { quoteDetails, type DraftDetails } from "./quote";
import { holdEnd, releaseExpiredHolds, returnCapacity, takeCapacity } from "./holds.server";
import { TRANSACTION_OPTIONS } from "~/utils/transactions.server";
import { voidOpenCheckouts } from "~/domain/payments/settlement.server";
import { expireCheckoutSessions, recordCancellationRefunds, sendRefunds } from "~/domain/payments/stripe.server";
import { kickBookingNotifications } from "./notifications.server";
import { recordRevision } from "./revisions.server";
import { syncShipmentEquipment } from "./shipment-equipment.server";
import { newBookingReference } from "./reference";

export type { DraftDetails } from "./quote";

/**
 * What a booking's details hold, as stored: read through this one parser (the same rules the
 * wizard's forms apply), so a row that does not hold them fails here, loudly, instead of
 * printing NaN on a waybill (decision 010).
 */
const StoredDetails = z.object({
  containers: z
    .array(z.object({ equipmentCode: z.string(), quantity: z.number().int().nonnegative(), shipperOwned: z.boolean() }))
    .optional(),
  pieces: z.array(AirPieceSchema).optional(),
  cargo: CargoSchema.and(z.object({ hsSubheading: z.string() })).optional(),
  parties: PartiesSchema.optional(),
});

export function readDetails(json: string): DraftDetails {
  return StoredDetails.parse(JSON.parse(json));
}

/** The booking with this reference, if it belongs to a company the actor may read it for. */
export async function findCompanyBooking(db: Db, actor: Actor, reference: string) {
  const booking = await db.booking.findUnique({
    where: { reference },
    include: {
      lines: true,
      events: { orderBy: { createdAt: "asc" } },
      departure: { include: { service: true, capacities: true } },
    },
  });
  // A reference alone opens nothing: the booking must be the actor's company's.
  if (!booking) throw new AppError("notFound", 404);
  authorize(actor, "read:booking", { companyId: booking.companyId });
  return booking;
}

/**
 * A booking as its page reads it: an expired hold gives its capacity back when it is looked at,
 * not only when swept; only then is the booking read again.
 */
export async function readCompanyBooking(db: Db, actor: Actor, reference: string, now = new Date()) {
  const found = await findCompanyBooking(db, actor, reference);
  if (!holdLapsed(found, now)) return found;
  await releaseExpiredHolds(db, now, { departureId: found.departureId });
  return findCompanyBooking(db, actor, found.reference);
}

/**
 * The bookings of the actor's companies (those it may read them for), newest first, with the
 * departures they are on for the filter. A departure or reference of another company finds
 * nothing: the company condition is always there.
 */
export async function listCompanyBookings(
  db: Db,
  actor: Actor,
  filters: { status?: string; departure?: string; reference?: string },
) {
  const companyIds = actor.memberships
    .map((membership) => membership.companyId)
    .filter((companyId) => can(actor, "read:booking", { companyId }));
  const [bookings, departures] = await Promise.all([
    db.booking.findMany({
      where: {
        companyId: { in: companyIds },
        ...(filters.status ? { status: filters.status } : {}),
        ...(filters.departure ? { departureId: filters.departure } : {}),
        ...(filters.reference ? { reference: { contains: filters.reference.toUpperCase() } } : {}),
      },
      include: { departure: { include: { service: true } } },
      orderBy: { createdAt: "desc" },
      take: 100,
    }),
    db.departure.findMany({
      where: { bookings: { some: { companyId: { in: companyIds } } } },
      include: { service: true },
      orderBy: { departureAt: "asc" },
      take: 200,
    }),
  ]);
  return { bookings, departures, companyIds };
}

/** Starts a draft on an open departure for the actor's company. */
export async function startDraft(db: Db, actor: Actor, departureId: string, now = new Date()) {
  const companyId = actor.memberships[0]?.companyId;
  if (!companyId) throw new AppError("notFound", 404);
  authorize(actor, "create:booking", { companyId });
  const departure = await db.departure.findUnique({ where: { id: departureId }, include: { capacities: true } });
  if (!departure) throw new AppError("notFound", 404);
  if (effectiveStatus(departure.status, departure.cargoCutoffAt, now) !== "OPEN") throw new AppError("pastCutoff", 409);
  return db.booking.create({
    data: {
      reference: newBookingReference(),
      companyId,
      departureId,
      createdById: actor.userId,
      status: "DRAFT",
      currency: departure.capacities[0]?.currency ?? "CNY",
      totalMinor: 0,
      priceLines: "[]",
      details: "{}",
      createdAt: now,
      events: { create: { actorId: actor.userId, type: "DRAFTED", toStatus: "DRAFT", createdAt: now } },
    },
  });
}

/** Saves one step of a draft; a booking past its draft cannot be edited this way. */
export async function saveDraftStep(db: Db, actor: Actor, reference: string, patch: DraftDetails) {
  const booking = await findCompanyBooking(db, actor, reference);
  authorize(actor, "create:booking", { companyId: booking.companyId });
  if (!allows(booking.status, "editDraft")) throw new AppError("notDraft", 409);
  const details = { ...readDetails(booking.details), ...patch };
  await db.booking.updateMany({
    where: { id: booking.id, status: "DRAFT" },
    data: { details: JSON.stringify(details) },
  });
  return details;
}

/** Unpaid reservations: a hold, or an invoice awaiting a bank transfer. */
const UNPAID = ["HELD", "AWAITING_PAYMENT"];

/**
 * One company may not sit on a departure: its unpaid share of each equipment type stays within
 * HOLD_SHARE_PERCENT of the total, and it has at most OPEN_HOLDS_PER_COMPANY holds running.
 * Checked inside the hold's transaction, after the company's row was written (so that the
 * company's concurrent holds wait for each other); a refusal rolls the hold back.
 */
async function enforceHoldLimits(
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
async function refuseRepeatedHolds(db: Db, companyId: string, departureId: string, now: Date) {
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

/**
 * Commits a reviewed draft: takes the capacity (one conditional update per line, all or
 * nothing) and turns the draft into a hold, in one transaction. The draft → held change is
 * conditional too, so a form submitted twice holds once. This is the busiest write of the
 * portal, so it reads only what it needs, once.
 */
export async function holdDraft(
  db: Db,
  actor: Actor,
  reference: string,
  now = new Date(),
): Promise<{ reference: string; holdExpiresAt: Date }> {
  const booking = await db.booking.findUnique({
    where: { reference },
    select: {
      id: true,
      companyId: true,
      status: true,
      details: true,
      holdExpiresAt: true,
      departure: {
        select: {
          id: true,
          status: true,
          cargoCutoffAt: true,
          capacities: {
            select: { equipmentCode: true, total: true, tariffMinor: true, currency: true, minChargeMinor: true },
          },
        },
      },
    },
  });
  if (!booking) throw new AppError("notFound", 404);
  authorize(actor, "read:booking", { companyId: booking.companyId });
  authorize(actor, "create:booking", { companyId: booking.companyId });
  if (booking.status === "HELD") return { reference, holdExpiresAt: booking.holdExpiresAt! };
  if (!allows(booking.status, "hold")) throw new AppError("notDraft", 409);
  // Capacity is held for people who can be reached (decision 008).
  if (!actor.emailVerified) throw new AppError("confirmEmailToHold", 403);
  const details = readDetails(booking.details);
  if (!details.cargo || !details.parties || (!details.containers?.length && !details.pieces?.length)) {
    throw new AppError("draftIncomplete", 400);
  }
  const { departure } = booking;
  if (effectiveStatus(departure.status, departure.cargoCutoffAt, now) !== "OPEN") throw new AppError("pastCutoff", 409);
  const { price, takes } = quoteDetails(details, departure.capacities);
  const holdExpiresAt = holdEnd(now, env().HOLD_MINUTES, departure.cargoCutoffAt).endsAt;

  await refuseRepeatedHolds(db, booking.companyId, departure.id, now);

  const held = await db.$transaction(async (tx) => {
    // First the company's row: its holds take turns, so that the limits below see every one.
    await tx.company.update({ where: { id: booking.companyId }, data: { lastHoldAt: now } });
    const { count } = await tx.booking.updateMany({
      where: { id: booking.id, status: "DRAFT" },
      data: {
        status: "HELD",
        holdExpiresAt,
        currency: price.currency,
        totalMinor: price.totalMinor,
        priceLines: JSON.stringify(price.lines),
      },
    });
    if (count !== 1) return false;
    await takeCapacity(tx, departure.id, takes, "held");
    await tx.bookingLine.createMany({ data: takes.map((line) => ({ bookingId: booking.id, ...line })) });
    await syncShipmentEquipment(tx, { id: booking.id, details }, { fresh: true });
    await enforceHoldLimits(tx, booking.companyId, departure, now);
    await tx.bookingEvent.createMany({
      data: {
        bookingId: booking.id,
        actorId: actor.userId,
        type: "HELD",
        fromStatus: "DRAFT",
        toStatus: "HELD",
        detail: JSON.stringify({ takes, totalMinor: price.totalMinor, holdExpiresAt }),
        createdAt: now,
      },
    });
    return true;
  }, TRANSACTION_OPTIONS);
  if (held) {
    invalidateBoard();
    kickBookingNotifications();
    return { reference, holdExpiresAt };
  }
  // Another submit of the same review got there first: its hold is this one.
  const current = await db.booking.findUniqueOrThrow({
    where: { id: booking.id },
    select: { status: true, holdExpiresAt: true },
  });
  if (current.status !== "HELD") throw new AppError("notDraft", 409);
  return { reference, holdExpiresAt: current.holdExpiresAt! };
}

/**
 * Cancels a booking under the corridor's published fee policy: the capacity it holds or has
 * booked goes back to the departure, and the fee is recorded for the payment step.
 */
export async function cancelBooking(db: Db, actor: Actor, reference: string, meta: RequestMeta, now = new Date()) {
  const booking = await findCompanyBooking(db, actor, reference);
  authorize(actor, "update:booking", { companyId: booking.companyId });
  if (!canCancel(booking)) throw new AppError("notCancellable", 409);
  const fee = feeFor(booking, now);
  const returned = booking.status === "CONFIRMED" ? "booked" : "held";
  const done = await db.$transaction(async (tx) => {
    const { count } = await tx.booking.updateMany({
      where: { id: booking.id, status: booking.status },
      data: { status: nextStatus(booking.status, "cancel"), holdExpiresAt: null },
    });
    if (count !== 1) return null;
    if (booking.status !== "DRAFT") await returnCapacity(tx, booking.departureId, booking.lines, returned);
    // Unpaid attempts are void (their Checkout Sessions expired after commit); paid money goes back.
    const sessions = await voidOpenCheckouts(tx, booking.id);
    await tx.payment.updateMany({
      where: { bookingId: booking.id, status: { in: ["PENDING", "PROCESSING"] } },
      data: { status: "CANCELLED", checkoutUrl: null },
    });
    const refunds = await recordCancellationRefunds(tx, booking.id, fee.feeMinor, now);
    await tx.bookingEvent.create({
      data: {
        bookingId: booking.id,
        actorId: actor.userId,
        type: "CANCELLED",
        fromStatus: booking.status,
        toStatus: "CANCELLED",
        detail: JSON.stringify(fee),
        createdAt: now,
      },
    });
    return { sessions, refunds };
  }, TRANSACTION_OPTIONS);
  if (!done) throw new AppError("notCancellable", 409);
  await expireCheckoutSessions(done.sessions);
  await sendRefunds(db, done.refunds);
  invalidateBoard();
  kickBookingNotifications();
  await recordAudit(db, {
    actorId: actor.userId,
    action: "booking.cancelled",
    entity: "Booking",
    entityId: booking.id,
    ipAddress: meta.ipAddress,
    before: { status: booking.status },
    after: { status: "CANCELLED", fee },
  });
  return fee;
}

/**
 * Changes the containers of a held booking before the cargo cut-off: the difference per equipment
 * type is taken (conditionally, as in a hold) or given back, the price is recomputed at the
 * departure's tariffs, and the change is kept in the history — all in one transaction that
 * first checks the booking is still in the status it was read in.
 */
export async function amendBooking(
  db: Db,
  actor: Actor,
  reference: string,
  containers: { equipmentCode: string; quantity: number; shipperOwned: boolean }[],
  meta: RequestMeta,
  now = new Date(),
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
    await tx.company.update({ where: { id: booking.companyId }, data: { lastHoldAt: now } });
    const { count } = await tx.booking.updateMany({
      where: { id: booking.id, status: booking.status },
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
    await takeCapacity(tx, booking.departureId, deltas, bucket);
    await returnCapacity(
      tx,
      booking.departureId,
      deltas.map((delta) => ({ ...delta, quantity: -delta.quantity })),
      bucket,
    );
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
  if (!changed) throw new AppError("notAmendable", 409);
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
