import type { Db } from "~/utils/db.server";
import { invalidFields } from "~/utils/app-error";
import type { Actor } from "~/domain/identity/permissions";
import { contentErrors, InstructionsContentSchema } from "./content";
import { checkUnits, openInstructions } from "./instructions.server";

/**
 * Saves the exporter's working copy of the shipping instructions: incomplete is fine, malformed
 * is not (a container number's check digit, a seal, a number is refused at its field). The
 * booking's units are not touched, and an earlier submission stays what the waybill reads until
 * the next one.
 */
export async function saveInstructionsDraft(
  db: Db,
  { actor, reference, content, now = new Date() }: { actor: Actor; reference: string; content: unknown; now?: Date },
) {
  const target = await openInstructions(db, actor, reference, now);
  const parsed = InstructionsContentSchema.safeParse(content);
  if (!parsed.success) throw invalidFields(contentErrors(parsed.error));
  checkUnits(target, parsed.data);
  const draft = JSON.stringify(parsed.data);
  return db.shippingInstructions.upsert({
    where: { bookingId: target.booking.id },
    create: { bookingId: target.booking.id, status: "DRAFT", draft },
    update: { status: "DRAFT", draft },
  });
}
