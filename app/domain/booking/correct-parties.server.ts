import { isDeepStrictEqual } from "node:util";
import type { Db } from "~/utils/db.server";
import { sha256Hex } from "~/utils/hash.server";
import { AppError, invalidFields } from "~/utils/app-error";
import { TRANSACTION_OPTIONS } from "~/utils/transactions.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { authorize } from "~/domain/identity/actor.server";
import type { Actor } from "~/domain/identity/permissions";
import type { RequestMeta } from "~/domain/identity/session.server";
import { PartiesSchema, type Parties } from "~/schemas/booking";
import { readDetails } from "./consignment";
import { findCompanyBooking } from "./find-bookings.server";
import { allows, canCorrectParties } from "./lifecycle";
import { recordRevision } from "./revisions.server";

/** What a correction may change: who the parties are and where, never the door legs (the price) or the Incoterm. */
export type PartiesCorrection = Omit<Parties, "doorPickup" | "doorDelivery" | "incoterm">;

const CORRECTABLE = ["shipper", "consignee", "notify", "pickupAddress", "deliveryAddress"] as const;

/** Which saved state of a booking's details a form was filled in on (sent back with the form). */
export function detailsVersion(details: string): string {
  return sha256Hex(details).slice(0, 20);
}

/** A value as stored: keys whose value is undefined are not there at all. */
const asStored = (value: unknown): unknown => (value === undefined ? null : JSON.parse(JSON.stringify(value)));

/**
 * Corrects the parties of a booking after the hold, until the documents cut-off: a consignee's
 * address, a contact, a tax id, the notify party. The door legs stay as booked (they are in the
 * price), so a door address is corrected only for a leg that was booked. The change is one
 * revision with the parts before and after, written in the transaction that changes the booking.
 */
export async function correctParties(
  db: Db,
  {
    actor,
    reference,
    correction,
    expectedVersion,
    meta,
    now = new Date(),
  }: {
    actor: Actor;
    reference: string;
    correction: PartiesCorrection;
    /** The detailsVersion the form was filled in on: a correction saved since makes this one look again. */
    expectedVersion?: string;
    meta: RequestMeta;
    now?: Date;
  },
) {
  const booking = await findCompanyBooking(db, actor, reference);
  authorize(actor, "update:booking", { companyId: booking.companyId });
  if (!canCorrectParties({ status: booking.status, docCutoffAt: booking.departure.docCutoffAt }, now)) {
    throw new AppError(allows(booking.status, "correctParties") ? "pastDocCutoff" : "notAmendable", 409);
  }
  if (expectedVersion !== undefined && expectedVersion !== detailsVersion(booking.details)) {
    throw new AppError("changedMeanwhile", 409);
  }
  const details = readDetails(booking.details);
  const current = details.parties;
  if (!current) throw new AppError("notAmendable", 409);
  const checked = PartiesSchema.safeParse({
    ...correction,
    incoterm: current.incoterm,
    doorPickup: current.doorPickup,
    doorDelivery: current.doorDelivery,
    pickupAddress: current.doorPickup ? correction.pickupAddress : undefined,
    deliveryAddress: current.doorDelivery ? correction.deliveryAddress : undefined,
  });
  if (!checked.success) {
    throw invalidFields(Object.fromEntries(checked.error.issues.map((issue) => [issue.path.join("."), issue.message])));
  }
  const parties = checked.data;
  const changed = CORRECTABLE.filter((part) => !isDeepStrictEqual(asStored(current[part]), asStored(parties[part])));
  if (changed.length === 0) return { revision: null };
  const before = Object.fromEntries(changed.map((part) => [part, asStored(current[part])]));
  const after = Object.fromEntries(changed.map((part) => [part, asStored(parties[part])]));

  const revision = await db.$transaction(async (tx) => {
    const { count } = await tx.booking.updateMany({
      where: { id: booking.id, status: booking.status, details: booking.details },
      data: { details: JSON.stringify({ ...details, parties: asStored(parties) }) },
    });
    // Changed meanwhile (another correction, a cancellation): the reader looks again.
    if (count !== 1) throw new AppError("changedMeanwhile", 409);
    return recordRevision(tx, {
      bookingId: booking.id,
      actorId: actor.userId,
      kind: "PARTIES",
      before,
      after,
      now,
    });
  }, TRANSACTION_OPTIONS);
  await recordAudit(db, {
    actorId: actor.userId,
    action: "booking.parties_corrected",
    entity: "Booking",
    entityId: booking.id,
    ipAddress: meta.ipAddress,
    before,
    after,
  });
  return { revision };
}
