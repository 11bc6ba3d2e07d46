import { PartiesSchema } from "~/schemas/booking";
import { readDetails } from "./consignment";
import { validateCargo } from "./cargo.server";
import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import { authorize } from "~/domain/identity/actor.server";
import { type Actor } from "~/domain/identity/permissions";
import { invalidateBoard } from "~/domain/scheduling/board-cache.server";
import { bookingClosesAt, effectiveStatus } from "~/domain/scheduling/departure-status";
import { env } from "~/utils/env.server";
import { allows } from "./lifecycle";
import { quoteDetails } from "./quote";
import { holdEnd, takeCapacity } from "./holds.server";
import { TRANSACTION_OPTIONS } from "~/utils/transactions.server";
import { kickBookingNotifications } from "./notifications.server";
import { syncShipmentEquipment } from "./shipment-equipment.server";
import { enforceHoldLimits, refuseRepeatedHolds } from "./hold-limits.server";
import { acceptsCarriageTerms, CARRIAGE_TERMS_VERSION } from "./carriage-terms";
import { recordShipmentEvent } from "~/domain/tracking/consignment-events.server";
import { countHoldPlaced, countHoldRefused } from "~/domain/ops/metrics.server";

type DraftRow = {
  id: string;
  companyId: string;
  status: string;
  details: string;
  holdExpiresAt: Date | null;
  departureId: string;
  departureStatus: string;
  cargoCutoffAt: Date;
  docCutoffAt: Date;
  originCode: string;
  equipmentCode: string | null;
  total: number | null;
  tariffMinor: number | null;
  currency: string | null;
  minChargeMinor: number | null;
};

/**
 * The draft with its departure, the departure's origin and its capacities: one statement (a row
 * per capacity) where Prisma's nested select makes four, each costing more CPU than the read.
 */
async function readDraft(db: Db, reference: string) {
  const rows = await db.$queryRaw<DraftRow[]>`
    SELECT b."id", b."companyId", b."status", b."details", b."holdExpiresAt",
      d."id" AS "departureId", d."status" AS "departureStatus", d."cargoCutoffAt", d."docCutoffAt", s."originCode",
      c."equipmentCode", c."total", c."tariffMinor", c."currency", c."minChargeMinor"
    FROM "Booking" b
      JOIN "Departure" d ON d."id" = b."departureId"
      JOIN "Service" s ON s."id" = d."serviceId"
      LEFT JOIN "DepartureCapacity" c ON c."departureId" = d."id"
    WHERE b."reference" = ${reference}
    ORDER BY c."id"`;
  const [row] = rows;
  if (!row) return null;
  return {
    id: row.id,
    companyId: row.companyId,
    status: row.status,
    details: row.details,
    holdExpiresAt: row.holdExpiresAt,
    departure: {
      id: row.departureId,
      status: row.departureStatus,
      cargoCutoffAt: row.cargoCutoffAt,
      docCutoffAt: row.docCutoffAt,
      service: { originCode: row.originCode },
      capacities: rows.flatMap(({ equipmentCode, total, tariffMinor, currency, minChargeMinor }) =>
        equipmentCode === null || total === null || tariffMinor === null || currency === null
          ? []
          : [{ equipmentCode, total, tariffMinor, currency, minChargeMinor }],
      ),
    },
  };
}

/**
 * Commits a reviewed draft: takes the capacity (one conditional update per line, all or
 * nothing) and turns the draft into a hold, in one transaction. The draft → held change is
 * conditional too, so a form submitted twice holds once. This is the busiest write of the
 * portal, so it reads only what it needs, once. The booker must accept the carriage terms in
 * force (`acceptedTerms`: the version the review form stated); the hold stores which, and when.
 */
export async function holdBooking(
  db: Db,
  request: { actor: Actor; reference: string; acceptedTerms: string | null; now?: Date },
): Promise<{ reference: string; holdExpiresAt: Date }> {
  // Counted for /metrics (decision 029): holds placed, and refusals by their code.
  return placeHold(db, request).catch((error: unknown) => {
    if (error instanceof AppError) countHoldRefused(error.code);
    throw error;
  });
}

async function placeHold(
  db: Db,
  {
    actor,
    reference,
    acceptedTerms,
    now = new Date(),
  }: { actor: Actor; reference: string; acceptedTerms: string | null; now?: Date },
): Promise<{ reference: string; holdExpiresAt: Date }> {
  const booking = await readDraft(db, reference);
  if (!booking) throw new AppError("notFound", 404);
  authorize(actor, "read:booking", { companyId: booking.companyId });
  authorize(actor, "create:booking", { companyId: booking.companyId });
  if (booking.status === "HELD") return { reference, holdExpiresAt: booking.holdExpiresAt! };
  if (!allows(booking.status, "hold")) throw new AppError("notDraft", 409);
  // No hold without the carriage terms in force accepted: the refusal is at the review's checkbox.
  if (!acceptsCarriageTerms(acceptedTerms)) throw new AppError("carriageTermsNotAccepted", 400, "acceptCarriageTerms");
  // Capacity is held for people who can be reached (decision 008).
  if (!actor.emailVerified) throw new AppError("confirmEmailToHold", 403);
  const details = readDetails(booking.details);
  // Parties carried over from free-text addresses must be completed (city, country) first.
  const partiesComplete = details.parties !== undefined && PartiesSchema.safeParse(details.parties).success;
  if (!details.cargo || !partiesComplete || (!details.containers?.length && !details.pieces?.length)) {
    throw new AppError("draftIncomplete", 400);
  }
  // Containers changed after the cargo step (other boxes, a reefer): the cargo is checked again.
  if (Object.keys(validateCargo(details.cargo, details.containers ?? [])).length > 0) {
    throw new AppError("draftIncomplete", 400, "cargo");
  }
  const { departure } = booking;
  if (effectiveStatus(departure.status, bookingClosesAt(departure), now) !== "OPEN")
    throw new AppError("bookingClosed", 409);
  const { price, takes } = quoteDetails(details, departure.capacities);
  const holdExpiresAt = holdEnd(now, env().HOLD_MINUTES, departure.cargoCutoffAt).endsAt;

  await refuseRepeatedHolds(db, booking.companyId, departure.id, now);

  // Everything is read and computed before the transaction; inside it only writes, and at the
  // end the company's turn and its limits, so the write lock (SQLite) and the company's row lock
  // (PostgreSQL) are held for as little as possible (decision 006, addendum on throughput).
  const held = await db.$transaction(async (tx) => {
    // The draft as priced: a step saved meanwhile makes this hold look again. (Prisma's
    // updateMany, written out: on the hot path a raw statement costs a third of the CPU.)
    const count = await tx.$executeRaw`
      UPDATE "Booking" SET "status" = 'HELD', "holdExpiresAt" = ${holdExpiresAt}, "currency" = ${price.currency},
        "totalMinor" = ${price.totalMinor}, "priceLines" = ${JSON.stringify(price.lines)},
        "carriageTermsVersion" = ${CARRIAGE_TERMS_VERSION}, "carriageTermsAcceptedAt" = ${now}, "updatedAt" = ${new Date()}
      WHERE "id" = ${booking.id} AND "status" = 'DRAFT' AND "details" = ${booking.details}`;
    if (count !== 1) return false;
    await takeCapacity(tx, departure.id, takes, "held");
    await tx.bookingLine.createMany({ data: takes.map((line) => ({ bookingId: booking.id, ...line })) });
    await syncShipmentEquipment(tx, { id: booking.id, details }, { fresh: true });
    await tx.bookingEvent.createMany({
      data: {
        bookingId: booking.id,
        actorId: actor.userId,
        type: "HELD",
        fromStatus: "DRAFT",
        toStatus: "HELD",
        detail: JSON.stringify({
          takes,
          totalMinor: price.totalMinor,
          holdExpiresAt,
          carriageTermsVersion: CARRIAGE_TERMS_VERSION,
        }),
        createdAt: now,
      },
    });
    await recordShipmentEvent(tx, {
      bookingId: booking.id,
      change: { typeCode: "RECE", documentTypeCode: "BKG" },
      actorId: actor.userId,
      now,
      known: { reference, departureId: departure.id, originCode: departure.service.originCode },
    });
    // Last, the company's turn: its holds pass here one at a time, so the limits see every one.
    await enforceHoldLimits(tx, booking.companyId, departure, now);
    return true;
  }, TRANSACTION_OPTIONS);
  if (held) {
    countHoldPlaced();
    invalidateBoard();
    kickBookingNotifications();
    return { reference, holdExpiresAt };
  }
  // Another submit of the same review got there first: its hold is this one.
  const current = await db.booking.findUniqueOrThrow({
    where: { id: booking.id },
    select: { status: true, holdExpiresAt: true },
  });
  if (current.status === "DRAFT") throw new AppError("changedMeanwhile", 409);
  if (current.status !== "HELD") throw new AppError("notDraft", 409);
  return { reference, holdExpiresAt: current.holdExpiresAt! };
}
