import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import type { Actor } from "~/domain/identity/permissions";
import { TRANSACTION_OPTIONS } from "~/utils/transactions.server";
import { issuedContent, withSeaVoyages, WaybillContentSchema } from "./content";
import { operatorCarrierCode, seaVoyagesOf } from "./sea-voyages.server";
import { nextWaybillNumber } from "./numbering.server";
import { canIssue, next } from "./status";
import { newVerificationCode } from "./verification-code";
import { waybillForOriginStaff } from "./waybill-access.server";
import { recordWaybillVersion } from "./waybill-versions.server";
import { recordWaybillEvent } from "./waybill-emails.server";
import { kickBookingNotifications } from "~/domain/booking/notifications.server";

/**
 * Origin port staff issue the approved waybill of a paid booking: it gets its number and
 * verification code, and version 1 is recorded as an immutable document version. The status
 * change is conditional on the approved draft that was read, so an exporter's late change or a
 * second click cannot issue twice or issue something else.
 */
export async function issueWaybill(
  db: Db,
  { actor, reference, now = new Date() }: { actor: Actor; reference: string; now?: Date },
) {
  const booking = await waybillForOriginStaff(db, actor, reference);
  const waybill = booking.waybill;
  if (!waybill?.draft) throw new AppError("waybillState", 409);
  if (!canIssue(waybill, booking)) {
    throw new AppError(booking.status === "CONFIRMED" ? "waybillState" : "waybillUnpaid", 409);
  }
  const draft = WaybillContentSchema.parse(JSON.parse(waybill.draft));
  // The sea leg's vessel and voyage, and the carrier code, as known now (decision 016).
  const voyages = await seaVoyagesOf(db, booking.departureId);
  const issued = await db.$transaction(async (tx) => {
    const { count } = await tx.waybill.updateMany({
      where: { id: waybill.id, status: waybill.status, draft: waybill.draft, latestVersion: 0 },
      data: { status: next(waybill.status, "issue"), latestVersion: 1, issuedAt: now },
    });
    if (count !== 1) throw new AppError("changedMeanwhile", 409);
    const number = await nextWaybillNumber(tx, booking.departure.service.originCode, now);
    const content = issuedContent(withSeaVoyages(draft, voyages, operatorCarrierCode()), {
      number,
      version: 1,
      place: draft.legs[0]!.from,
      issuedAt: now,
    });
    await tx.waybill.update({ where: { id: waybill.id }, data: { number, verificationCode: newVerificationCode() } });
    await recordWaybillVersion(tx, { waybill, content, actor, action: "waybill.issued" }, now);
    const detail = { number, version: 1 };
    await recordWaybillEvent(tx, { bookingId: booking.id, actorId: actor.userId, type: "WAYBILL_ISSUED", detail, now });
    return { number, version: 1, content };
  }, TRANSACTION_OPTIONS);
  kickBookingNotifications();
  return issued;
}
