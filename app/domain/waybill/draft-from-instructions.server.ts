import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import type { Actor } from "~/domain/identity/permissions";
import type { RequestMeta } from "~/domain/identity/session.server";
import { submitInstructions } from "~/domain/instructions/submit.server";
import { isConsigneeLocale } from "./consignee-language";
import { claimWaybillDraft, drawWaybillDraft } from "./draft-waybill.server";

/**
 * Submitting the shipping instructions produces the waybill's draft (issue 12): the instructions
 * are checked and submitted together with the waybill's claim (in one transaction, refused as a
 * whole if the draft was approved meanwhile), then the draft is drawn from them in Chinese and
 * the consignee's language, for the exporter to approve. Should drawing fail, the waybill waits
 * as a draft without content (not approvable) and the page asks for the instructions again.
 */
export async function submitInstructionsWithDraft(
  db: Db,
  {
    actor,
    reference,
    content,
    consigneeLocale,
    meta,
    now = new Date(),
  }: { actor: Actor; reference: string; content: unknown; consigneeLocale: unknown; meta: RequestMeta; now?: Date },
) {
  if (!isConsigneeLocale(consigneeLocale)) throw new AppError("consigneeLocale", 400, "consigneeLocale");
  const instructions = await submitInstructions(db, {
    actor,
    reference,
    content,
    meta,
    now,
    withSubmission: (tx, bookingId) => claimWaybillDraft(tx, bookingId, consigneeLocale, now),
  });
  const waybill = await drawWaybillDraft(db, {
    bookingId: instructions.bookingId,
    actorId: actor.userId,
    consigneeLocale,
    now,
  });
  return { instructions, waybill };
}
