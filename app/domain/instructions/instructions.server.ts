import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import { readDetails } from "~/domain/booking/consignment";
import { findCompanyBooking } from "~/domain/booking/find-bookings.server";
import { allows, canGiveInstructions } from "~/domain/booking/lifecycle";
import { authorize } from "~/domain/identity/actor.server";
import type { Actor } from "~/domain/identity/permissions";
import { readContent, type InstructionsContent } from "./content";
import type { InstructionsFacts } from "./rules.server";
import { INSTRUCTIONS_OPEN_STATUSES, type WaybillStatus } from "~/domain/waybill/status";

/**
 * A booking with what its shipping instructions are about: its container units in order (by
 * size type, then number) and the instructions saved so far. Only the booking's company reads
 * it (others: 404).
 */
export async function findInstructionsBooking(db: Db, actor: Actor, reference: string) {
  const booking = await findCompanyBooking(db, actor, reference);
  const [units, instructions, waybill] = await Promise.all([
    db.shipmentEquipment.findMany({
      where: { bookingId: booking.id },
      orderBy: [{ isoSizeType: "asc" }, { sequence: "asc" }],
    }),
    db.shippingInstructions.findUnique({ where: { bookingId: booking.id } }),
    db.waybill.findUnique({ where: { bookingId: booking.id }, select: { status: true, consigneeLocale: true } }),
  ]);
  return { booking, units, instructions, waybill };
}
export type InstructionsBooking = Awaited<ReturnType<typeof findInstructionsBooking>>;

/**
 * Whether the waybill drawn from the instructions still follows them: none yet, or a draft not
 * approved (decision 015). Once approved, a change goes through the port (return or amendment).
 */
export function waybillFollowsInstructions(target: Pick<InstructionsBooking, "waybill">): boolean {
  return !target.waybill || INSTRUCTIONS_OPEN_STATUSES.includes(target.waybill.status as WaybillStatus);
}

/** Whether the instructions can be written now: confirmed, before the documents cut-off or reopened. */
export function instructionsOpen(target: InstructionsBooking, now: Date): boolean {
  return canGiveInstructions(
    { status: target.booking.status, docCutoffAt: target.booking.departure.docCutoffAt },
    target.instructions?.reopenedUntil ?? null,
    now,
  );
}

/**
 * The booking, when the actor may write its instructions now: a booker or admin of its company
 * (viewers: 403), the booking confirmed (409 before), before the documents cut-off unless port
 * staff reopened them (409 after).
 */
export async function openInstructions(db: Db, actor: Actor, reference: string, now: Date) {
  const target = await findInstructionsBooking(db, actor, reference);
  authorize(actor, "give:instructions", { companyId: target.booking.companyId });
  if (!allows(target.booking.status, "giveInstructions")) throw new AppError("instructionsNotYet", 409);
  if (!waybillFollowsInstructions(target)) throw new AppError("instructionsLocked", 409);
  if (!instructionsOpen(target, now)) throw new AppError("instructionsClosed", 409);
  return target;
}

/** What the submission rules need to know of the booking. */
export function instructionsFacts(target: InstructionsBooking): InstructionsFacts {
  return {
    air: target.booking.departure.service.mode === "AIR",
    units: target.units.map(({ id, isoSizeType, shipperOwned, tareKg }) => ({ id, isoSizeType, shipperOwned, tareKg })),
    bookedLines: readDetails(target.booking.details).cargo?.lines ?? [],
  };
}

/** The working copy if one is saved, else what was submitted, else nothing yet. */
export function currentContent(target: InstructionsBooking): InstructionsContent | null {
  const stored = target.instructions?.draft ?? target.instructions?.submitted;
  return stored ? readContent(stored) : null;
}

/** Instructions about other units than the booking's (changed meanwhile) are refused as a whole. */
export function checkUnits(target: InstructionsBooking, content: InstructionsContent): void {
  const ids = target.units.map((unit) => unit.id);
  if (content.units.length !== ids.length || content.units.some((unit, index) => unit.unitId !== ids[index])) {
    throw new AppError("changedMeanwhile", 409);
  }
}
