import type { Db } from "~/utils/db.server";
import { AppError, invalidFields } from "~/utils/app-error";
import { TRANSACTION_OPTIONS, type Tx } from "~/utils/transactions.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { writeUnitDetails } from "~/domain/booking/shipment-equipment.server";
import type { Actor } from "~/domain/identity/permissions";
import type { RequestMeta } from "~/domain/identity/session.server";
import { contentErrors, InstructionsContentSchema } from "./content";
import { checkUnits, instructionsFacts, openInstructions } from "./instructions.server";
import { submissionErrors } from "./rules.server";

/**
 * Submits the shipping instructions: complete and consistent with the booking (rules.server.ts),
 * or refused with every message at its field and nothing written. On submission each unit's
 * container number, seals, tare and VGM go to its ShipmentEquipment row (one revision per unit
 * that changed), the instructions become the submitted version the waybill reads, and the
 * working copy is cleared.
 */
export async function submitInstructions(
  db: Db,
  {
    actor,
    reference,
    content,
    meta,
    now = new Date(),
    withSubmission,
  }: {
    actor: Actor;
    reference: string;
    content: unknown;
    meta: RequestMeta;
    now?: Date;
    /** What else must be written with the submission, in its transaction (the waybill's draft claim). */
    withSubmission?: (tx: Tx, bookingId: string) => Promise<void>;
  },
) {
  const target = await openInstructions(db, actor, reference, now);
  const parsed = InstructionsContentSchema.safeParse(content);
  if (!parsed.success) throw invalidFields(contentErrors(parsed.error));
  checkUnits(target, parsed.data);
  const errors = submissionErrors(parsed.data, instructionsFacts(target));
  if (Object.keys(errors).length > 0) throw invalidFields(errors);
  const submitted = parsed.data;
  const { booking } = target;

  const instructions = await db.$transaction(async (tx) => {
    // The booking's row first, still confirmed: changes of one booking take turns, and a
    // cancellation meanwhile stops this one.
    const { count } = await tx.booking.updateMany({
      where: { id: booking.id, status: booking.status },
      data: { updatedAt: now },
    });
    if (count !== 1) throw new AppError("changedMeanwhile", 409);
    for (const [index, unit] of target.units.entries()) {
      const given = submitted.units[index]!;
      await writeUnitDetails(
        tx,
        unit,
        {
          // A carrier's box left blank keeps what staff may have recorded at gate-in.
          ...(given.containerNumber ? { containerNumber: given.containerNumber } : {}),
          seals: JSON.stringify(given.seals),
          ...(given.tareKg !== undefined ? { tareKg: given.tareKg } : {}),
          vgmKg: given.vgmKg ?? null,
          vgmMethod: given.vgmMethod ?? null,
          vgmResponsible: given.vgmResponsible ?? null,
        },
        actor.userId,
        now,
      );
    }
    const fields = {
      status: "SUBMITTED",
      draft: null,
      submitted: JSON.stringify(submitted),
      submittedAt: now,
      submittedById: actor.userId,
    };
    const saved = await tx.shippingInstructions.upsert({
      where: { bookingId: booking.id },
      create: { bookingId: booking.id, ...fields, version: 1 },
      update: { ...fields, version: { increment: 1 } },
    });
    await withSubmission?.(tx, booking.id);
    return saved;
  }, TRANSACTION_OPTIONS);
  await recordAudit(db, {
    actorId: actor.userId,
    action: "booking.instructions_submitted",
    entity: "Booking",
    entityId: booking.id,
    ipAddress: meta.ipAddress,
    after: { version: instructions.version },
  });
  return instructions;
}
