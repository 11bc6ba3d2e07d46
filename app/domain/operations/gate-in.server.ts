import { randomUUID } from "node:crypto";
import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/app-error";
import { TRANSACTION_OPTIONS } from "~/utils/transactions.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { can, type Actor } from "~/domain/identity/permissions";
import { isReefer } from "~/domain/booking/cargo-rules";
import { isValidContainerNumber, normalizeContainerNumber } from "~/domain/booking/iso6346";
import { writeUnitDetails } from "~/domain/booking/shipment-equipment.server";
import { terminalDeparture } from "./departure-access.server";
import { MILESTONE_SHAPES } from "./events";

export interface GateInInput {
  departureId: string;
  reference: string;
  /** The unit the box is for, when its number is not on the booking yet. */
  unitId?: string | null;
  containerNumber: string;
  seals: string[];
  /** Weighed at the gate (SOLAS VGM method 1: the packed container). */
  grossKg?: number | null;
  /** Reefers: the temperature read at the gate. */
  reeferC?: number | null;
  damage?: string | null;
  /** After the cargo cut-off: why a supervisor accepts the box all the same. */
  lateReason?: string | null;
}

const SEAL = /^[A-Z0-9-]{1,20}$/i;

/**
 * A container arrives at the origin terminal for a confirmed booking: its number (ISO 6346,
 * check digit verified) must be one of the booking's units, or is given to a unit that has
 * none yet; seals, the weighed gross mass and the reefer's reading are written to the unit
 * (with its revision, decision 011), and an equipment GTIN event is recorded. After the cargo
 * cut-off only a supervisor may accept a box, with a reason, in the audit log.
 */
export async function gateIn(db: Db, actor: Actor, input: GateInInput, now = new Date()) {
  const departure = await terminalDeparture(db, actor, input.departureId, "record:gateIn");
  const portCode = departure.service.originCode;
  const booking = await db.booking.findFirst({
    where: { reference: input.reference, departureId: departure.id },
    include: { equipment: { orderBy: [{ isoSizeType: "asc" }, { sequence: "asc" }] } },
  });
  if (!booking) throw new AppError("notFound", 404);
  if (booking.status !== "CONFIRMED") throw new AppError("bookingNotConfirmed", 409);

  const containerNumber = normalizeContainerNumber(input.containerNumber);
  if (!isValidContainerNumber(containerNumber)) throw new AppError("containerNumberInvalid", 400, "containerNumber");
  const numbered = booking.equipment.find((unit) => unit.containerNumber === containerNumber);
  const chosen = input.unitId ? booking.equipment.find((unit) => unit.id === input.unitId) : undefined;
  // A number already on one of the booking's units names that unit, whichever was chosen.
  const unit = numbered ?? (chosen && !chosen.containerNumber ? chosen : undefined);
  if (!unit) throw new AppError("containerNotOnBooking", 400, "containerNumber");
  if (!numbered) {
    // The number may not be on another box of this departure already.
    const elsewhere = await db.shipmentEquipment.count({
      where: {
        containerNumber,
        booking: { departureId: departure.id, status: { in: ["HELD", "AWAITING_PAYMENT", "CONFIRMED"] } },
      },
    });
    if (elsewhere > 0) throw new AppError("containerNumberTaken", 409, "containerNumber");
  }
  if (unit.gatedInAt) throw new AppError("alreadyGatedIn", 409, "containerNumber");

  const seals = input.seals.map((seal) => seal.trim()).filter(Boolean);
  if (seals.length > 3 || seals.some((seal) => !SEAL.test(seal))) throw new AppError("sealsInvalid", 400, "seals");
  if (input.grossKg != null && unit.tareKg !== null && input.grossKg < unit.tareKg) {
    throw new AppError("vgmBelowTare", 400, "grossKg");
  }
  const reefer = isReefer(unit.isoSizeType);
  if (reefer && input.reeferC == null) throw new AppError("reeferReadingRequired", 400, "reeferC");

  const late = now >= departure.cargoCutoffAt;
  const lateReason = input.lateReason?.trim() || null;
  if (late && !can(actor, "accept:lateGateIn", { portCode })) throw new AppError("gateInAfterCutoff", 403, "form");
  if (late && (!lateReason || lateReason.length < 3)) throw new AppError("lateReasonRequired", 400, "lateReason");

  const changes = {
    containerNumber,
    ...(seals.length > 0 ? { seals: JSON.stringify(seals) } : {}),
    ...(input.grossKg != null ? { vgmKg: input.grossKg, vgmMethod: "METHOD_1" } : {}),
    gatedInAt: now,
    gateInReeferC: reefer ? (input.reeferC ?? null) : null,
    gateInDamage: input.damage?.trim() || null,
  };
  const shape = MILESTONE_SHAPES.GATE_IN;
  return db.$transaction(async (tx) => {
    // The booking's row first: its changes take turns and their revisions are numbered in order.
    await tx.booking.update({ where: { id: booking.id }, data: { updatedAt: now } });
    // Conditional on the unit not being gated in meanwhile (two clerks at one gate).
    const fresh = await tx.shipmentEquipment.findFirst({ where: { id: unit.id, gatedInAt: null } });
    if (!fresh) throw new AppError("alreadyGatedIn", 409, "containerNumber");
    const updated = await writeUnitDetails(tx, fresh, changes, actor.userId, now);
    const event = await tx.operationalEvent.create({
      data: {
        id: randomUUID(),
        eventType: shape.eventType,
        classifier: "ACT",
        typeCode: shape.typeCode,
        milestone: "GATE_IN",
        eventAt: now,
        createdAt: now,
        placeCode: portCode,
        facilityType: shape.facilityType,
        departureId: departure.id,
        bookingId: booking.id,
        equipmentReference: containerNumber,
        isoEquipmentCode: unit.isoSizeType,
        emptyIndicator: "LADEN",
        remark: changes.gateInDamage,
        actorId: actor.userId,
      },
    });
    await recordAudit(tx, {
      actorId: actor.userId,
      action: late ? "terminal.gate_in_late" : "terminal.gate_in",
      entity: "Booking",
      entityId: booking.id,
      before: {
        unit: `${unit.isoSizeType} #${unit.sequence}`,
        containerNumber: unit.containerNumber,
        seals: unit.seals,
      },
      after: {
        unit: `${unit.isoSizeType} #${unit.sequence}`,
        containerNumber,
        seals: updated.seals,
        vgmKg: updated.vgmKg,
        reeferC: updated.gateInReeferC,
        damage: updated.gateInDamage,
        eventId: event.id,
        ...(late ? { afterCutoff: true, reason: lateReason } : {}),
      },
    });
    return { unit: updated, event };
  }, TRANSACTION_OPTIONS);
}
