import { isDeepStrictEqual } from "node:util";
import type { Db } from "~/utils/db.server";
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

/** What a correction may change: who the parties are and where, never which door legs (the price). */
export type PartiesCorrection = Omit<Parties, "doorPickup" | "doorDelivery">;

const CORRECTABLE = ["shipper", "consignee", "notify", "pickupAddress", "deliveryAddress", "incoterm"] as const;

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
    meta,
    now = new Date(),
  }: { actor: Actor; reference: string; correction: PartiesCorrection; meta: RequestMeta; now?: Date },
) {
  const booking = await findCompanyBooking(db, actor, reference);
  authorize(actor, "update:booking", { companyId: booking.companyId });
  if (!canCorrectParties({ status: booking.status, docCutoffAt: booking.departure.docCutoffAt }, now)) {
    throw new AppError(allows(booking.status, "correctParties") ? "pastDocCutoff" : "notAmendable", 409);
  }
  const details = readDetails(booking.details);
  const current = details.parties;
  if (!current) throw new AppError("notAmendable", 409);
  const checked = PartiesSchema.safeParse({
    ...correction,
    doorPickup: current.doorPickup,
    doorDelivery: current.doorDelivery,
    pickupAddress: current.doorPickup ? correction.pickupAddress : undefined,
    deliveryAddress: current.doorDelivery ? correction.deliveryAddress : undefined,
  });
  if (!checked.success) {
    throw invalidFields(Object.fromEntries(checked.error.issues.map((issue) => [issue.path.join("."), issue.message])));
  }
  const parties = checked.data;
  const changed = CORRECTABLE.filter((part) => !isDeepStrictEqual(current[part] ?? null, parties[part] ?? null));
  if (changed.length === 0) return { revision: null };

  const revision = await db.$transaction(async (tx) => {
    const { count } = await tx.booking.updateMany({
      where: { id: booking.id, status: booking.status, details: booking.details },
      data: { details: JSON.stringify({ ...details, parties }) },
    });
    // Changed meanwhile (another correction, a cancellation): the reader looks again.
    if (count !== 1) throw new AppError("changedMeanwhile", 409);
    return recordRevision(tx, {
      bookingId: booking.id,
      actorId: actor.userId,
      kind: "PARTIES",
      before: Object.fromEntries(changed.map((part) => [part, current[part] ?? null])),
      after: Object.fromEntries(changed.map((part) => [part, parties[part] ?? null])),
      now,
    });
  }, TRANSACTION_OPTIONS);
  await recordAudit(db, {
    actorId: actor.userId,
    action: "booking.parties_corrected",
    entity: "Booking",
    entityId: booking.id,
    ipAddress: meta.ipAddress,
    before: Object.fromEntries(changed.map((part) => [part, current[part] ?? null])),
    after: Object.fromEntries(changed.map((part) => [part, parties[part] ?? null])),
  });
  return { revision };
}
