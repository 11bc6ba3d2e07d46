import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import { recordAudit } from "~/domain/audit/audit.server";
import { allows } from "~/domain/booking/lifecycle";
import { authorize } from "~/domain/identity/actor.server";
import type { Actor } from "~/domain/identity/permissions";
import type { RequestMeta } from "~/domain/identity/session.server";

/**
 * Origin port staff reopen a confirmed booking's shipping instructions after the documents
 * cut-off, until `until` (after now, before the departure): the exporter may change and submit
 * them again until then. Audited with who, when and until when. Staff of other ports find no
 * such booking (404).
 */
export async function reopenInstructions(
  db: Db,
  {
    actor,
    reference,
    until,
    meta,
    now = new Date(),
  }: { actor: Actor; reference: string; until: Date; meta: RequestMeta; now?: Date },
) {
  const booking = await db.booking.findUnique({
    where: { reference },
    include: { departure: { include: { service: true } }, instructions: true },
  });
  if (!booking) throw new AppError("notFound", 404);
  authorize(actor, "reopen:instructions", { portCode: booking.departure.service.originCode });
  if (!allows(booking.status, "giveInstructions")) throw new AppError("instructionsNotYet", 409);
  if (!(until > now) || !(until <= booking.departure.departureAt)) {
    throw new AppError("reopenUntilInvalid", 400, "until");
  }
  const before = booking.instructions?.reopenedUntil?.toISOString() ?? null;
  const instructions = await db.shippingInstructions.upsert({
    where: { bookingId: booking.id },
    create: { bookingId: booking.id, reopenedUntil: until, reopenedById: actor.userId },
    update: { reopenedUntil: until, reopenedById: actor.userId },
  });
  await recordAudit(db, {
    actorId: actor.userId,
    action: "booking.instructions_reopened",
    entity: "Booking",
    entityId: booking.id,
    ipAddress: meta.ipAddress,
    before: { reopenedUntil: before },
    after: { reopenedUntil: until.toISOString() },
  });
  return instructions;
}
