import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import type { Actor } from "~/domain/identity/permissions";
import { recordAudit } from "~/domain/audit/audit.server";
import { allows, next, type WaybillAction } from "./status";
import { waybillForDestinationStaff, waybillForExporter, waybillForOriginStaff } from "./waybill-access.server";

/** Moves the waybill on by `action`, only if it is still in the status it was read in. */
async function move(
  db: Db,
  waybill: { id: string; status: string } | null,
  action: WaybillAction,
  data: { statusNote?: string | null } = {},
) {
  if (!waybill || !allows(waybill.status, action)) throw new AppError("waybillState", 409);
  const { count } = await db.waybill.updateMany({
    where: { id: waybill.id, status: waybill.status },
    data: { status: next(waybill.status, action), ...data },
  });
  if (count !== 1) throw new AppError("changedMeanwhile", 409);
}

/** The exporter asks for changes to the draft, saying what (they then resubmit). */
export async function requestWaybillChanges(
  db: Db,
  { actor, reference, comment }: { actor: Actor; reference: string; comment: string },
) {
  const booking = await waybillForExporter(db, actor, reference);
  await move(db, booking.waybill, "requestChanges", { statusNote: comment });
}

/**
 * Origin port staff send a draft (or an approved draft) back with a comment: the exporter
 * corrects the shipping instructions and resubmits.
 */
export async function returnWaybillDraft(
  db: Db,
  { actor, reference, comment }: { actor: Actor; reference: string; comment: string },
) {
  const booking = await waybillForOriginStaff(db, actor, reference);
  await move(db, booking.waybill, "return", { statusNote: comment });
  await recordAudit(db, {
    actorId: actor.userId,
    action: "waybill.returned",
    entity: "Waybill",
    entityId: booking.waybill!.id,
    after: { comment },
  });
}

/** Destination port staff record delivery: the issued document is surrendered (final). */
export async function surrenderWaybill(db: Db, { actor, reference }: { actor: Actor; reference: string }) {
  const booking = await waybillForDestinationStaff(db, actor, reference);
  await move(db, booking.waybill, "surrender");
  await recordAudit(db, {
    actorId: actor.userId,
    action: "waybill.surrendered",
    entity: "Waybill",
    entityId: booking.waybill!.id,
    after: { number: booking.waybill!.number, version: booking.waybill!.latestVersion },
  });
}
