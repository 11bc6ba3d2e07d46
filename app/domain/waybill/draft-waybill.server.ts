import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import type { Actor } from "~/domain/identity/permissions";
import { canonicalPayload } from "~/domain/documents/document-versions.server";
import type { Locale } from "~/i18n/config";
import { TRANSACTION_OPTIONS } from "~/utils/transactions.server";
import { buildWaybillContent } from "./content";
import { waybillInputFor } from "./waybill-input.server";
import { moveWaybill, waybillForExporter } from "./waybill-access.server";
import { recordWaybillEvent } from "./waybill-emails.server";
import { kickBookingNotifications } from "~/domain/booking/notifications.server";

/**
 * The exporter submits (or, after a return or their own request for changes, resubmits) the
 * waybill's draft: its content drawn from the confirmed booking and its submitted shipping
 * instructions (waybillInputFor),
 * and the consignee's language for the document's second language. Written only if the
 * waybill is still in the status it was read in.
 */
export async function submitWaybillDraft(
  db: Db,
  {
    actor,
    reference,
    consigneeLocale,
    now = new Date(),
  }: { actor: Actor; reference: string; consigneeLocale: Locale; now?: Date },
) {
  const booking = await waybillForExporter(db, actor, reference);
  if (booking.status !== "CONFIRMED") throw new AppError("waybillUnpaid", 409);
  const input = await waybillInputFor(db, booking.id, consigneeLocale);
  const draft = canonicalPayload(buildWaybillContent({ ...input, issue: null })).json;
  const waybill = booking.waybill;
  // The booker is told the draft is ready to review (with the change, in one transaction).
  const event = { bookingId: booking.id, actorId: actor.userId, type: "WAYBILL_DRAFT_READY", detail: {}, now } as const;
  const saved = await db.$transaction(async (tx) => {
    if (!waybill) {
      const created = await tx.waybill.create({
        data: { bookingId: booking.id, status: "DRAFT", draft, consigneeLocale, createdAt: now },
      });
      await recordWaybillEvent(tx, event);
      return created;
    }
    await moveWaybill(tx, { id: waybill.id, status: waybill.status }, "resubmit", {
      draft,
      consigneeLocale,
      statusNote: null,
    });
    await recordWaybillEvent(tx, event);
    return tx.waybill.findUniqueOrThrow({ where: { id: waybill.id } });
  }, TRANSACTION_OPTIONS);
  kickBookingNotifications();
  return saved;
}

/** The exporter approves the draft as it stands (DCSA: the shipper approves the draft). */
export async function approveWaybillDraft(db: Db, { actor, reference }: { actor: Actor; reference: string }) {
  const booking = await waybillForExporter(db, actor, reference);
  // Approved as read: a resubmission in between makes this approval fail, not approve the new draft.
  await moveWaybill(db, booking.waybill, "approve");
}
