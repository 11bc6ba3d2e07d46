import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import type { Actor } from "~/domain/identity/permissions";
import { TRANSACTION_OPTIONS } from "~/utils/transactions.server";
import { issuedContent, WaybillContentSchema, type WaybillContent } from "./content";
import { waybillForOriginStaff } from "./waybill-access.server";
import { recordWaybillVersion } from "./waybill-versions.server";
import { recordWaybillEvent } from "./waybill-emails.server";
import { kickBookingNotifications } from "~/domain/booking/notifications.server";

/** What an amendment changes: everything but the number, version, reason and issue details. */
function comparable(content: WaybillContent) {
  return JSON.stringify({ ...content, number: null, version: null, amendmentReason: null, issue: null });
}

/**
 * Origin port staff amend an issued waybill (consignee, cargo description, container swap …):
 * the next version, with its reason, the first issue's number, place and date. The waybill row
 * is moved on conditionally on the version that was read, so two amendments at the same time
 * become versions n+1 and n+2: the amendment is a change applied to the latest version, and the
 * one that loses the race applies it again to the new latest, so neither change is lost.
 */
export async function amendWaybill(
  db: Db,
  {
    actor,
    reference,
    change,
    reason,
    now = new Date(),
  }: {
    actor: Actor;
    reference: string;
    /** The change, applied to the latest version's content (e.g. a new consignee). */
    change: (latest: WaybillContent) => WaybillContent;
    reason: string;
    now?: Date;
  },
) {
  const booking = await waybillForOriginStaff(db, actor, reference);
  const waybillId = booking.waybill?.id;
  if (!waybillId) throw new AppError("waybillState", 409);
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const waybill = await db.waybill.findUniqueOrThrow({ where: { id: waybillId } });
    if (waybill.status !== "ISSUED" || !waybill.number || !waybill.issuedAt) throw new AppError("waybillState", 409);
    const latest = await db.documentVersion.findFirstOrThrow({
      where: { kind: "WAYBILL", subjectId: waybill.id, version: waybill.latestVersion },
    });
    const previous = WaybillContentSchema.parse(JSON.parse(latest.payload));
    const changed = change(structuredClone(previous));
    if (comparable(previous) === comparable(changed)) throw new AppError("waybillUnchanged", 409);
    const version = waybill.latestVersion + 1;
    const content = issuedContent(changed, {
      number: waybill.number,
      version,
      amendmentReason: reason,
      place: previous.issue!.place,
      issuedAt: new Date(previous.issue!.date),
    });
    const done = await db.$transaction(async (tx) => {
      const { count } = await tx.waybill.updateMany({
        where: { id: waybill.id, status: "ISSUED", latestVersion: waybill.latestVersion },
        data: { latestVersion: version },
      });
      if (count !== 1) return false;
      await recordWaybillVersion(tx, { waybill, content, actor, action: "waybill.amended", reason }, now);
      const detail = { number: waybill.number, version, reason };
      await recordWaybillEvent(tx, {
        bookingId: booking.id,
        actorId: actor.userId,
        type: "WAYBILL_AMENDED",
        detail,
        now,
      });
      return true;
    }, TRANSACTION_OPTIONS);
    if (!done) continue;
    kickBookingNotifications();
    return { number: waybill.number, version, content };
  }
  throw new AppError("changedMeanwhile", 409);
}
