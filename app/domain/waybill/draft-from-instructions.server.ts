import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import type { Actor } from "~/domain/identity/permissions";
import type { RequestMeta } from "~/domain/identity/session.server";
import { submitInstructions } from "~/domain/instructions/submit.server";
import { isConsigneeLocale } from "./consignee-language";
import { submitWaybillDraft } from "./draft-waybill.server";

/**
 * Submitting the shipping instructions produces the waybill's draft (issue 12): the instructions
 * are checked and submitted, then the draft is drawn (or redrawn) from them in Chinese and the
 * consignee's language, for the exporter to approve. Instructions are open only while the draft
 * follows them (openInstructions), so the draft step finds the waybill absent or not approved.
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
  const instructions = await submitInstructions(db, { actor, reference, content, meta, now });
  const waybill = await submitWaybillDraft(db, { actor, reference, consigneeLocale, now });
  return { instructions, waybill };
}
