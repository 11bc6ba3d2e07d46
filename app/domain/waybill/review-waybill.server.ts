import type { Db } from "~/utils/db.server";
import type { Actor } from "~/domain/identity/permissions";
import { recordAudit } from "~/domain/audit/audit.server";
import { hasArrived } from "~/domain/operations/events.server";
import { AppError } from "~/utils/app-error";
import { kickBookingNotifications } from "~/domain/booking/notifications.server";
import { TRANSACTION_OPTIONS } from "~/utils/transactions.server";
import { recordWaybillEvent } from "./waybill-emails.server";
import {
  moveWaybill,
  waybillForDestinationStaff,
  waybillForExporter,
  waybillForOriginStaff,
} from "./waybill-access.server";
import { recordShipmentEvent } from "~/domain/tracking/consignment-events.server";

/** The exporter asks for changes to the draft, saying what (they then resubmit). */
export async function requestWaybillChanges(
  db: Db,
  { actor, reference, comment }: { actor: Actor; reference: string; comment: string },
) {
  const booking = await waybillForExporter(db, actor, reference);
  await moveWaybill(db, booking.waybill, "requestChanges", { statusNote: comment });
}

/**
 * Origin port staff send a draft (or an approved draft) back with a comment: the exporter
 * corrects the shipping instructions and resubmits.
 */
export async function returnWaybillDraft(
  db: Db,
  { actor, reference, comment, now = new Date() }: { actor: Actor; reference: string; comment: string; now?: Date },
) {
  const booking = await waybillForOriginStaff(db, actor, reference);
  await db.$transaction(async (tx) => {
    await moveWaybill(tx, booking.waybill, "return", { statusNote: comment });
    // The booker is e-mailed the comment: they must correct the instructions.
    const detail = { reason: comment };
    await recordWaybillEvent(tx, {
      bookingId: booking.id,
      actorId: actor.userId,
      type: "WAYBILL_RETURNED",
      detail,
      now,
    });
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "waybill.returned",
      entity: "Waybill",
      entityId: booking.waybill!.id,
      after: { comment },
    });
  }, TRANSACTION_OPTIONS);
  kickBookingNotifications();
}

/** Destination port staff record delivery, after the arrival: the issued document is surrendered (final). */
export async function surrenderWaybill(
  db: Db,
  { actor, reference, now = new Date() }: { actor: Actor; reference: string; now?: Date },
) {
  const booking = await waybillForDestinationStaff(db, actor, reference);
  // Delivery follows arrival: the document is taken back once the train's arrival is recorded.
  if (booking.waybill?.status === "ISSUED" && !(await hasArrived(db, booking.departureId))) {
    throw new AppError("waybillNotArrived", 409);
  }
  await db.$transaction(async (tx) => {
    await moveWaybill(tx, booking.waybill, "surrender");
    await recordShipmentEvent(tx, {
      bookingId: booking.id,
      change: { typeCode: "SURR", documentTypeCode: "TRD", documentReference: booking.waybill!.number! },
      actorId: actor.userId,
      now,
    });
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "waybill.surrendered",
      entity: "Waybill",
      entityId: booking.waybill!.id,
      after: { number: booking.waybill!.number, version: booking.waybill!.latestVersion },
    });
  }, TRANSACTION_OPTIONS);
}

/**
 * Origin port staff void a waybill without cancelling the booking (issued in error, cargo
 * refused at the gate …), with the reason: final, audited. A cancelled booking's waybill is
 * voided by the cancellation itself (void-waybill.server.ts).
 */
export async function voidWaybillAsStaff(
  db: Db,
  { actor, reference, reason, now = new Date() }: { actor: Actor; reference: string; reason: string; now?: Date },
) {
  const booking = await waybillForOriginStaff(db, actor, reference);
  const waybill = booking.waybill;
  await db.$transaction(async (tx) => {
    await moveWaybill(tx, waybill, "void", { statusNote: reason, voidedAt: now });
    // The booker (and, once issued, the partners) are told, with the reason.
    const detail = { number: waybill!.number, version: waybill!.latestVersion, reason };
    await recordWaybillEvent(tx, { bookingId: booking.id, actorId: actor.userId, type: "WAYBILL_VOIDED", detail, now });
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "waybill.voided",
      entity: "Waybill",
      entityId: waybill!.id,
      after: detail,
    });
  }, TRANSACTION_OPTIONS);
  kickBookingNotifications();
}
