import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import type { Actor } from "~/domain/identity/permissions";
import { readDocumentPayload } from "~/domain/documents/document-versions.server";
import { amendWaybill } from "./amend-waybill.server";
import { applyAmendment, changedFields } from "./amendment";
import { WaybillContentSchema } from "./content";
import { waybillForOriginStaff } from "./waybill-access.server";

/**
 * Origin port staff amend an issued waybill from the amendment form: the fields they changed
 * against the version the form showed (`basedOn`), checked, then applied to the latest version
 * with the reason. Nothing changed: refused as "no change"; a broken field: its message, nothing
 * written.
 */
export async function amendWaybillFromForm(
  db: Db,
  {
    actor,
    reference,
    basedOn,
    values,
    reason,
    now = new Date(),
  }: { actor: Actor; reference: string; basedOn: number; values: Record<string, unknown>; reason: string; now?: Date },
) {
  const booking = await waybillForOriginStaff(db, actor, reference);
  const waybill = booking.waybill;
  if (!waybill || waybill.status !== "ISSUED") throw new AppError("waybillState", 409);
  const base = await db.documentVersion.findFirst({
    where: { kind: "WAYBILL", subjectId: waybill.id, version: basedOn },
  });
  if (!base) throw new AppError("changedMeanwhile", 409);
  const changes = changedFields(readDocumentPayload(base, WaybillContentSchema), values);
  if (Object.keys(changes).length === 0) throw new AppError("waybillUnchanged", 409);
  // Checked against the version shown first: field messages before anything is written.
  applyAmendment(readDocumentPayload(base, WaybillContentSchema), changes);
  return amendWaybill(db, { actor, reference, reason, now, change: (latest) => applyAmendment(latest, changes) });
}
