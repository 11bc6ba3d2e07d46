import { isDeepStrictEqual } from "node:util";
import type { Db } from "~/utils/db.server";
import { sha256Hex } from "~/utils/hash.server";
import { AppError, invalidFields } from "~/utils/app-error";
import { TRANSACTION_OPTIONS, type Tx } from "~/utils/transactions.server";
import { drawWaybillDraft } from "~/domain/waybill/draft-waybill.server";
import { INSTRUCTIONS_OPEN_STATUSES, type WaybillStatus } from "~/domain/waybill/status";
import type { Locale } from "~/i18n/config";
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
 * The waybill drawn from the booking must not go on showing the parties as they were: once its
 * draft is approved (or issued) the parties are the port's to change (a return or an amendment);
 * a draft waiting for approval is emptied in the correcting transaction — so it cannot be
 * approved as it was — and drawn again after it.
 */
async function unsettleWaybillDraft(tx: Tx, bookingId: string) {
  const waybill = await tx.waybill.findUnique({ where: { bookingId }, select: { id: true, status: true } });
  if (!waybill) return;
  if (!INSTRUCTIONS_OPEN_STATUSES.includes(waybill.status as WaybillStatus)) {
    throw new AppError("partiesLockedByWaybill", 409);
  }
  const { count } = await tx.waybill.updateMany({
    where: { id: waybill.id, status: waybill.status },
    data: waybill.status === "DRAFT" ? { draft: null } : {},
  });
  if (count !== 1) throw new AppError("changedMeanwhile", 409);
}

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
    await unsettleWaybillDraft(tx, booking.id);
    return recordRevision(tx, {
      bookingId: booking.id,
      actorId: actor.userId,
      kind: "PARTIES",
      before,
      after,
      now,
    });
  }, TRANSACTION_OPTIONS);
  // A draft waiting for approval shows the corrected parties (decision 015: the draft follows the data).
  const waybill = await db.waybill.findUnique({ where: { bookingId: booking.id } });
  if (waybill?.status === "DRAFT" && waybill.draft === null) {
    await drawWaybillDraft(db, {
      bookingId: booking.id,
      actorId: actor.userId,
      consigneeLocale: waybill.consigneeLocale as Locale,
      now,
    });
  }
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
