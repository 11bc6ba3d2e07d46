import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import type { Actor } from "~/domain/identity/permissions";
import { canonicalPayload } from "~/domain/documents/document-versions.server";
import type { Locale } from "~/i18n/config";
import { TRANSACTION_OPTIONS, type Tx } from "~/utils/transactions.server";
import { INSTRUCTIONS_OPEN_STATUSES, type WaybillStatus } from "./status";
import { buildWaybillContent } from "./content";
import { waybillInputFor } from "./waybill-input.server";
import { moveWaybill, waybillForExporter } from "./waybill-access.server";
import { recordWaybillEvent } from "./waybill-emails.server";
import { kickBookingNotifications } from "~/domain/booking/notifications.server";

/**
 * Marks the booking's waybill as being (re)drawn from instructions just submitted, in the
 * submission's transaction: a new waybill, or one whose draft still follows the instructions
 * (DRAFT, CHANGES_REQUESTED, RETURNED), becomes a DRAFT without content — which cannot be
 * approved — until `drawWaybillDraft` writes it. Conditional on the status read, so a draft
 * approved meanwhile makes the submission fail as a whole: what the exporter approved is what
 * the port issues.
 */
export async function claimWaybillDraft(tx: Tx, bookingId: string, consigneeLocale: Locale, now: Date) {
  const waybill = await tx.waybill.findUnique({ where: { bookingId }, select: { id: true, status: true } });
  if (!waybill) {
    await tx.waybill.create({ data: { bookingId, status: "DRAFT", draft: null, consigneeLocale, createdAt: now } });
    return;
  }
  if (!INSTRUCTIONS_OPEN_STATUSES.includes(waybill.status as WaybillStatus))
    throw new AppError("instructionsLocked", 409);
  await moveWaybill(tx, waybill, "resubmit", { draft: null, consigneeLocale, statusNote: null });
}

/**
 * Draws the draft of a claimed (or not yet approved) waybill from the confirmed booking and its
 * submitted instructions, in Chinese and the consignee's language, and tells the booker it is
 * ready. Written only while the waybill is a DRAFT and the instructions are the version it was
 * drawn from: a later submission draws its own.
 */
export async function drawWaybillDraft(
  db: Db,
  {
    bookingId,
    actorId,
    consigneeLocale,
    now,
  }: { bookingId: string; actorId: string; consigneeLocale: Locale; now: Date },
) {
  const drawnFrom = await db.shippingInstructions.findUnique({ where: { bookingId }, select: { version: true } });
  const input = await waybillInputFor(db, bookingId, consigneeLocale);
  const draft = canonicalPayload(buildWaybillContent({ ...input, issue: null })).json;
  const event = { bookingId, actorId, type: "WAYBILL_DRAFT_READY", detail: {}, now } as const;
  const saved = await db.$transaction(async (tx) => {
    const current = await tx.shippingInstructions.findUnique({ where: { bookingId }, select: { version: true } });
    if (current?.version !== drawnFrom?.version) return null;
    const { count } = await tx.waybill.updateMany({
      where: { bookingId, status: "DRAFT" },
      data: { draft, consigneeLocale },
    });
    if (count !== 1) throw new AppError("changedMeanwhile", 409);
    await recordWaybillEvent(tx, event);
    return tx.waybill.findUniqueOrThrow({ where: { bookingId } });
  }, TRANSACTION_OPTIONS);
  kickBookingNotifications();
  return saved ?? db.waybill.findUniqueOrThrow({ where: { bookingId } });
}

/**
 * The draft drawn again from the instructions already submitted (the exporter's own redraw, and
 * tests that submit instructions on their own): claimed and drawn as a submission does.
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
  await db.$transaction((tx) => claimWaybillDraft(tx, booking.id, consigneeLocale, now), TRANSACTION_OPTIONS);
  return drawWaybillDraft(db, { bookingId: booking.id, actorId: actor.userId, consigneeLocale, now });
}

/**
 * The exporter changes the document's second language while the draft waits for approval: the
 * draft is drawn again in it. Only a DRAFT (not one sent back for corrections: those are
 * corrected through the instructions).
 */
export async function chooseWaybillLanguage(
  db: Db,
  {
    actor,
    reference,
    consigneeLocale,
    now = new Date(),
  }: { actor: Actor; reference: string; consigneeLocale: Locale; now?: Date },
) {
  const booking = await waybillForExporter(db, actor, reference);
  if (booking.waybill?.status !== "DRAFT" || !booking.waybill.draft) throw new AppError("waybillState", 409);
  return drawWaybillDraft(db, { bookingId: booking.id, actorId: actor.userId, consigneeLocale, now });
}

/** The exporter approves the draft as it stands (DCSA: the shipper approves the draft). */
export async function approveWaybillDraft(db: Db, { actor, reference }: { actor: Actor; reference: string }) {
  const booking = await waybillForExporter(db, actor, reference);
  // A draft still being drawn has nothing to approve.
  if (!booking.waybill?.draft) throw new AppError("waybillState", 409);
  // Approved as read: a resubmission in between makes this approval fail, not approve the new draft.
  await moveWaybill(db, booking.waybill, "approve");
}
